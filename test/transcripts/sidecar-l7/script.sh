# A sidecar is Envoy: client side it routes by VirtualService (istio.io request-routing), server
# side it enforces an L7 AuthorizationPolicy with a selector (istio.io authz-http: a denied
# request gets 403 "RBAC: access denied"), and it counts istio_requests_total with
# reporter="source" and reporter="destination" on 15090 (istio.io observability/metrics).
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl apply -f samples/bookinfo/platform/kube/bookinfo-versions.yaml > /dev/null
# Envoy access logs are off in the ambient profile; Istio's "Envoy Access Logs" task turns them on.
kubectl apply -f - > /dev/null <<TELEMETRY
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
kubectl label namespace default istio-injection=enabled
kubectl rollout restart deployment > /dev/null
kubectl wait --for=condition=Ready pod --all --timeout=120s > /dev/null
kubectl get pods -l app=reviews
kubectl apply -f samples/bookinfo/networking/destination-rule-all.yaml
kubectl apply -f samples/bookinfo/networking/virtual-service-all-v1.yaml
for i in 1 2 3 4 5 6; do kubectl exec deploy/curl -- curl -s http://reviews:9080/reviews/0 | grep -o 'reviews-v[0-9]'; done | sort | uniq -c
kubectl apply -f samples/bookinfo/networking/virtual-service-reviews-test-v2.yaml
kubectl exec deploy/curl -- curl -s http://reviews:9080/reviews/0 -H "end-user: jason" | grep -o 'reviews-v[0-9]'
kubectl apply -f - <<YAML
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ratings-no-get
spec:
  selector:
    matchLabels:
      app: ratings
  action: DENY
  rules:
  - to:
    - operation:
        methods: ["GET"]
        paths: ["/ratings/*"]
YAML
kubectl exec deploy/curl -- curl -s -w " %{http_code}\n" http://ratings:9080/ratings/0
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://ratings:9080/health
kubectl exec deploy/curl -c istio-proxy -- curl -s localhost:15090/stats/prometheus | grep '^istio_requests_total{reporter="source"' | grep -oE 'destination_workload="[a-z0-9-]*"|response_code="[0-9]*"|} [0-9]+$'
kubectl exec deploy/ratings-v1 -c istio-proxy -- curl -s localhost:15090/stats/prometheus | grep '^istio_requests_total{reporter="destination"' | grep -oE 'source_workload="[a-z0-9-]*"|response_code="[0-9]*"|} [0-9]+$'
kubectl logs deploy/ratings-v1 -c istio-proxy --tail 2
