# Sidecar mode next to ambient: injection when pods are recreated (READY 2/2), Istio's rule when a
# namespace carries both labels, HBONE both ways, and PeerAuthentication STRICT at a sidecar.
# Ports named `http` get Envoy's HTTP connection manager, so a sidecar logs each request in
# Envoy's default HTTP format (istio.io "Explicit protocol selection", "Envoy Access Logs").
istioctl install --set profile=ambient --skip-confirmation
# Envoy access logs (waypoints, sidecars) are off in the ambient profile: Istio's "Envoy Access
# Logs" task turns them on mesh-wide with the Telemetry API.
kubectl apply -f - <<TELEMETRY
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: mesh-default
  namespace: istio-system
spec:
  accessLogging:
  - providers:
    - name: envoy
TELEMETRY
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl create namespace legacy
kubectl apply -n legacy -f samples/curl/curl.yaml
kubectl apply -n legacy -f samples/httpbin/httpbin.yaml
kubectl label namespace legacy istio-injection=enabled
kubectl get pods -n legacy
kubectl rollout restart deployment -n legacy
kubectl rollout status deployment/httpbin -n legacy
kubectl get pods -n legacy
# Istio 1.27+ injects istio-proxy as a native sidecar: an init container with restartPolicy
# Always (injection-template.yaml `$nativeSidecar`), so the app's image alone is in containers.
kubectl get pods -n legacy -l app=httpbin -o jsonpath='{.items[0].spec.containers[*].image}{"\n"}{.items[0].spec.initContainers[*].image}{"\n"}'
kubectl exec -n legacy deploy/httpbin -c istio-proxy -- printenv ISTIO_META_WORKLOAD_NAME
kubectl logs -n legacy deploy/httpbin -c istio-proxy | head -5
kubectl logs -n istio-system deploy/istiod | grep "new connection for node:httpbin"
istioctl ztunnel-config workloads --workload-namespace legacy
kubectl exec -n legacy deploy/curl -- curl -s http://productpage.default:9080/productpage | grep -o "<title>.*</title>"
kubectl logs -n legacy deploy/curl -c istio-proxy --tail 1
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://httpbin.legacy:8000/get
kubectl logs -n legacy deploy/httpbin -c istio-proxy --tail 1
kubectl label namespace legacy istio.io/dataplane-mode=ambient
kubectl rollout restart deployment/httpbin -n legacy
kubectl rollout status deployment/httpbin -n legacy
kubectl get pods -n legacy -l app=httpbin
kubectl get pods -n legacy -l app=httpbin -o yaml | grep -E "ambient.istio.io/redirection|sidecar.istio.io/status"
kubectl label namespace legacy istio.io/dataplane-mode-
kubectl create namespace outside
kubectl apply -n outside -f samples/curl/curl.yaml
kubectl exec -n outside deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://httpbin.legacy:8000/get
kubectl apply -n legacy -f - <<EOF
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: strict
spec:
  mtls:
    mode: STRICT
EOF
kubectl exec -n outside deploy/curl -- curl -sS http://httpbin.legacy:8000/get
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://httpbin.legacy:8000/get
kubectl logs -n legacy deploy/httpbin -c istio-proxy --tail 2
