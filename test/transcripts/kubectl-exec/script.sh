# The ordinary programs a learner reaches for in a pod, as each real image has them.
# curlimages/curl is Alpine with busybox: echo, cat, ls and sh, but no bash.
kubectl exec deploy/curl -- echo hi
kubectl exec deploy/curl -- cat /etc/hostname
kubectl exec deploy/curl -- cat /etc/resolv.conf
kubectl exec deploy/curl -- ls /var/run/secrets/kubernetes.io/serviceaccount
kubectl exec deploy/curl -- cat /nope
kubectl exec deploy/curl -- sh -c 'echo "I am $(cat /etc/hostname)"; ls / | wc -l'
# A script in the pod sees the container's env, not the local shell's exports.
export LOCAL_ONLY=here
kubectl exec deploy/curl -- sh -c 'echo "$HOSTNAME at $DETAILS_SERVICE_HOST, local: [$LOCAL_ONLY]"'
kubectl exec deploy/curl -- bash -c 'echo hi'
# env holds kubelet's service links for every Service in the namespace.
kubectl exec deploy/curl -- env | grep -E '^(PATH|HOSTNAME|KUBERNETES_SERVICE|DETAILS_)'
kubectl exec deploy/curl -- printenv DETAILS_SERVICE_HOST
kubectl get svc details -o jsonpath='{.spec.clusterIP}{"\n"}'
# Bookinfo's images are Debian-based: GNU wording, and bash is there.
kubectl exec deploy/ratings-v1 -- bash -c 'ls /nope'
# go-httpbin is distroless: no shell and no echo. Each failed exec has its own id.
kubectl apply -f samples/httpbin/httpbin.yaml
kubectl rollout status deploy/httpbin
kubectl exec deploy/httpbin -- echo hi
kubectl exec deploy/httpbin -- sh -c 'echo hi'
