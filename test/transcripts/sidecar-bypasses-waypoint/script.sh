# A sidecar client goes straight to the destination: the waypoint's L7 policy does not see it (Istio's data-plane doc: sidecars bypass waypoints).
istioctl install --set profile=ambient -y > /dev/null 2>&1
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
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
kubectl label namespace default istio.io/dataplane-mode=ambient
istioctl waypoint apply --enroll-namespace --wait
kubectl create namespace sc
kubectl label namespace sc istio-injection=enabled
kubectl apply -n sc -f samples/curl/curl.yaml > /dev/null
kubectl wait -n sc --for=condition=Ready pod -l app=curl --timeout=60s
kubectl apply -f - <<YAML
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: no-delete
spec:
  targetRefs:
  - kind: Service
    group: ""
    name: productpage
  action: DENY
  rules:
  - to:
    - operation:
        methods: ["DELETE"]
YAML
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" -X DELETE http://productpage:9080/productpage
kubectl exec -n sc deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" -X DELETE http://productpage.default:9080/productpage
kubectl logs deploy/waypoint | grep -c DELETE
