# A VirtualService routing to a subset no DestinationRule defines: istiod still routes to the
# subset's cluster, which the waypoint's Envoy does not have, so it answers 503 with the NC
# (no cluster found) flag; istioctl analyze names the cause (IST0101). Defining the subset fixes it.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f - <<EOF
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: mesh-default
  namespace: istio-system
spec:
  accessLogging:
  - providers:
    - name: envoy
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v2
EOF
kubectl exec deploy/curl -- curl -s -w "\n%{http_code}\n" http://reviews:9080/reviews/0
kubectl logs deploy/waypoint --tail 1
istioctl analyze
kubectl apply -f samples/bookinfo/networking/destination-rule-all.yaml
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://reviews:9080/reviews/0
kubectl logs deploy/waypoint --tail 1
