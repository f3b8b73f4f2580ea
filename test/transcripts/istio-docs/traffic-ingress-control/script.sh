# Istio 1.30 "Ingress Gateways" (docs/tasks/traffic-management/ingress/ingress-control), the
# Istio APIs tab: the default profile's istio-ingressgateway, httpbin behind a classic
# networking.istio.io Gateway and a VirtualService bound to it, the page's kind steps for
# INGRESS_HOST/INGRESS_PORT, the routes istiod gave the gateway, the "*" host variant, the
# troubleshooting commands (not `kubectl get ingress`: Ingress is not served) and the cleanup.
# The terminal has no curl and Services get no nodePorts here (README "Simplified"), so the
# page's curls also run from a curl pod against the gateway's Service, same Host and paths.
istioctl install --skip-confirmation > /dev/null 2>&1
kubectl apply -f samples/httpbin/httpbin.yaml
kubectl apply -f samples/curl/curl.yaml > /dev/null
kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata:
  name: httpbin-gateway
spec:
  selector:
    istio: ingressgateway # use Istio default gateway implementation
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "httpbin.example.com"
EOF
kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: httpbin
spec:
  hosts:
  - "httpbin.example.com"
  gateways:
  - httpbin-gateway
  http:
  - match:
    - uri:
        prefix: /status
    - uri:
        prefix: /delay
    route:
    - destination:
        port:
          number: 8000
        host: httpbin
EOF
kubectl wait --for=condition=available deploy/httpbin deploy/curl > /dev/null
kubectl get svc istio-ingressgateway -n istio-system
export INGRESS_HOST=$(kubectl -n istio-system get service istio-ingressgateway -o jsonpath='{.status.loadBalancer.ingress[0].ip}')
export INGRESS_PORT=$(kubectl -n istio-system get service istio-ingressgateway -o jsonpath='{.spec.ports[?(@.name=="http2")].port}')
export SECURE_INGRESS_PORT=$(kubectl -n istio-system get service istio-ingressgateway -o jsonpath='{.spec.ports[?(@.name=="https")].port}')
echo "INGRESS_HOST=$INGRESS_HOST, INGRESS_PORT=$INGRESS_PORT, SECURE_INGRESS_PORT=$SECURE_INGRESS_PORT"
export INGRESS_HOST=$(kubectl get po -l istio=ingressgateway -n istio-system -o jsonpath='{.items[0].status.hostIP}')
echo "INGRESS_HOST=$INGRESS_HOST"
curl -s -I -HHost:httpbin.example.com "http://$INGRESS_HOST:$INGRESS_PORT/status/200"
kubectl exec deploy/curl -- curl -s -I -HHost:httpbin.example.com "http://istio-ingressgateway.istio-system:$INGRESS_PORT/status/200"
kubectl exec deploy/curl -- curl -s -I -HHost:httpbin.example.com "http://istio-ingressgateway.istio-system:$INGRESS_PORT/headers"
kubectl exec deploy/curl -- curl -s -I -HHost:other.example.com "http://istio-ingressgateway.istio-system:$INGRESS_PORT/status/200"
istioctl proxy-config listeners deploy/istio-ingressgateway -n istio-system
istioctl proxy-config routes deploy/istio-ingressgateway -n istio-system
istioctl version
kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata:
  name: httpbin-gateway
spec:
  selector:
    istio: ingressgateway # use Istio default gateway implementation
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "*"
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: httpbin
spec:
  hosts:
  - "*"
  gateways:
  - httpbin-gateway
  http:
  - match:
    - uri:
        prefix: /headers
    route:
    - destination:
        port:
          number: 8000
        host: httpbin
EOF
kubectl exec deploy/curl -- curl -s "http://istio-ingressgateway.istio-system/headers"
istioctl proxy-config routes deploy/istio-ingressgateway -n istio-system
kubectl get svc -n istio-system
echo "INGRESS_HOST=$INGRESS_HOST, INGRESS_PORT=$INGRESS_PORT"
kubectl get gateway --all-namespaces
kubectl delete gateway httpbin-gateway
kubectl delete virtualservice httpbin
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" "http://istio-ingressgateway.istio-system/headers"
kubectl delete --ignore-not-found=true -f samples/httpbin/httpbin.yaml
istioctl uninstall -y --purge
