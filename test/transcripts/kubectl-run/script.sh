# kubectl run (pkg/cmd/run, run-pod/v1 generator) and the generators' client dry run as Go prints it:
# zero values (creationTimestamp: null, resources: {}, status: {}), sorted keys, no namespace unless -n.
kubectl run web --image=nginx:1.27 --port=80 --expose
kubectl get pod web -o wide
kubectl get svc web
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://web
kubectl run pinned --image=curlimages/curl --overrides='{"spec":{"nodeSelector":{"kubernetes.io/hostname":"ambient-worker2"}}}' --command -- sleep 3600
kubectl get pod pinned -o jsonpath='{.spec.nodeName} {.spec.containers[0].command}{"\n"}'
kubectl run tmp --image=curlimages/curl -it --rm -- sh
kubectl run
kubectl run x
kubectl run y --image=busybox --restart=Sometimes
kubectl run z --image=busybox --env=FOO=bar -l app=z,tier=x --dry-run=client -o yaml
kubectl run web --image=nginx
kubectl run bad --image=nginx --overrides='{not json'
kubectl create deployment z --image=busybox --dry-run=client -o yaml
kubectl create ns foo --dry-run=client -o yaml
kubectl create sa foo --dry-run=client -o yaml
kubectl create deployment z --image=busybox --dry-run=client -o yaml > z.yaml
kubectl apply -f z.yaml
kubectl run p --image=busybox --dry-run=client -o yaml | kubectl apply -f -
kubectl create ns foo --dry-run=client -o yaml | kubectl apply -f -
kubectl get pod p -o jsonpath='{.spec.restartPolicy} {.metadata.labels}{"\n"}'
# kube-apiserver's ServiceAccount and DefaultTolerationSeconds admission: a token volume unless
# the pod opts out; the 300 s not-ready/unreachable tolerations unless the pod has its own.
kubectl run nomount --image=busybox --overrides='{"spec":{"automountServiceAccountToken":false,"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":60}]}}'
kubectl get pod nomount -o jsonpath='{.spec.volumes}|{.spec.tolerations}{"\n"}'
kubectl get pod p -o jsonpath='{.spec.volumes[0].name} {.spec.containers[0].volumeMounts}{"\n"}'
