# An ingress gateway sends straight to a Service's pods, past its waypoint, until the Service
# carries istio.io/ingress-use-waypoint=true (Istio 1.30: endpoint_builder.go findServiceWaypoint).
istioctl install --set profile=ambient -y > /dev/null 2>&1
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
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply -f samples/bookinfo/gateway-api/bookinfo-gateway.yaml
kubectl annotate gateway bookinfo-gateway networking.istio.io/service-type=ClusterIP
istioctl waypoint apply --wait
kubectl label service productpage istio.io/use-waypoint=waypoint
kubectl wait --for=condition=programmed gtw bookinfo-gateway
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: productpage-waypoint
spec:
  targetRefs:
  - kind: Service
    group: ""
    name: productpage
  action: ALLOW
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/default/sa/curl"]
    to:
    - operation:
        methods: ["GET"]
EOF
# Through the gateway: no waypoint on the path, so the GET-only policy never sees it.
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" -X DELETE http://bookinfo-gateway-istio/productpage
kubectl logs deploy/bookinfo-gateway-istio --tail 1
kubectl get svc productpage -o jsonpath='{.status.conditions[0].message}{"\n"}'
# A value ParseBool rejects counts as false.
kubectl label service productpage istio.io/ingress-use-waypoint=yes
kubectl get svc productpage -o jsonpath='{.status.conditions[0].message}{"\n"}'
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://bookinfo-gateway-istio/productpage
kubectl label service productpage istio.io/ingress-use-waypoint=true --overwrite
kubectl get svc productpage -o jsonpath='{.status.conditions[0].message}{"\n"}'
# Now via the waypoint, which sees the gateway's identity: not curl's, so denied.
kubectl exec deploy/curl -- curl -s http://bookinfo-gateway-istio/productpage
kubectl logs deploy/bookinfo-gateway-istio --tail 1
kubectl logs deploy/waypoint --tail 1
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: productpage-waypoint
spec:
  targetRefs:
  - kind: Service
    group: ""
    name: productpage
  action: ALLOW
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/default/sa/curl", "cluster.local/ns/default/sa/bookinfo-gateway-istio"]
    to:
    - operation:
        methods: ["GET"]
EOF
kubectl exec deploy/curl -- curl -s http://bookinfo-gateway-istio/productpage | grep -o "<title>.*</title>"
kubectl exec deploy/curl -- curl -s -w " %{http_code}\n" -X DELETE http://bookinfo-gateway-istio/productpage
# The namespace label is the fallback when the Service has none.
kubectl label service productpage istio.io/ingress-use-waypoint-
kubectl label namespace default istio.io/ingress-use-waypoint=true
kubectl get svc productpage -o jsonpath='{.status.conditions[0].message}{"\n"}'
kubectl exec deploy/curl -- curl -s -w " %{http_code}\n" -X DELETE http://bookinfo-gateway-istio/productpage
