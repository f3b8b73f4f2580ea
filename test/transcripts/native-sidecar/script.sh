# Istio 1.27+ (1.30.3 here) injects istio-proxy as a native sidecar (Kubernetes KEP-753): an init
# container with restartPolicy Always, right after istio-validation (istio-cni's check, which runs
# to completion first) among the init containers (injection-template.yaml `$nativeSidecar`,
# webhook.go reorderPod). kubectl counts it in READY (2/2), describe lists it
# under "Init Containers:", its status is in status.initContainerStatuses, its events name
# spec.initContainers{istio-proxy}, and logs/exec reach it with -c istio-proxy while the app
# stays the default container (the kubectl.kubernetes.io/default-container annotation). The
# proxy's requests make the pod Burstable (qos.go ComputePodQOS counts init containers), and a
# deleted pod's app container is stopped before its sidecar (KEP-753).
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl create namespace legacy
kubectl label namespace legacy istio-injection=enabled
kubectl apply -n legacy -f samples/httpbin/httpbin.yaml
kubectl rollout status deployment/httpbin -n legacy
kubectl get pods -n legacy
kubectl get pods -n legacy -o jsonpath='{.items[0].spec.containers[*].name} | {.items[0].spec.initContainers[*].name} restartPolicy={.items[0].spec.initContainers[1].restartPolicy}{"\n"}'
kubectl get pods -n legacy -o jsonpath='{range .items[0].status.initContainerStatuses[*]}{.name} started={.started} ready={.ready}{"\n"}{end}'
kubectl get pods -n legacy -o jsonpath='{.items[0].metadata.annotations.sidecar\.istio\.io/status}{"\n"}'
kubectl describe pod -n legacy -l app=httpbin | grep -E "^(Init )?Containers:|^  [a-z-]+:$|Image:|Ready:|Startup:|^Volumes:|QoS Class:"
kubectl get events -n legacy --field-selector involvedObject.kind=Pod -o custom-columns=REASON:.reason,OBJECT:.involvedObject.fieldPath | grep -v Scheduled
kubectl logs -n legacy deploy/httpbin -c istio-proxy | head -3
kubectl exec -n legacy deploy/httpbin -c istio-proxy -- printenv ISTIO_META_APP_CONTAINERS
kubectl logs -n legacy deploy/httpbin | head -1
kubectl logs -n legacy deploy/httpbin -c envoy
kubectl delete pod -n legacy -l app=httpbin
kubectl get events -n legacy --field-selector reason=Killing -o custom-columns=REASON:.reason,OBJECT:.involvedObject.fieldPath,MESSAGE:.message
kubectl delete namespace legacy
