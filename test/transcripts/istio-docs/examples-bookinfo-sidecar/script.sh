# Istio 1.30 "Bookinfo Application" (docs/examples/bookinfo) with sidecars and the Istio APIs:
# the demo profile, injection, Bookinfo, the in-mesh check from ratings, then the classic
# bookinfo-gateway.yaml on istio-ingressgateway, the subsets of destination-rule-all.yaml, and
# the request-routing task's VirtualServices (docs/tasks/traffic-management/request-routing,
# sidecar variant) seen through the gateway, logged in as jason by the `user` cookie
# productpage's /login sets (as the browser would send it). The terminal has no curl and Services get no
# nodePorts here (README "Simplified"): GATEWAY_URL is the gateway's Service, curled from a pod.
istioctl install --set profile=demo --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio-injection=enabled
kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml > /dev/null
kubectl wait --for=condition=ready pod --all --timeout=120s > /dev/null
kubectl get services
kubectl get pods
kubectl exec "$(kubectl get pod -l app=ratings -o jsonpath='{.items[0].metadata.name}')" -c ratings -- curl -sS productpage:9080/productpage | grep -o "<title>.*</title>"
kubectl apply -f samples/bookinfo/networking/bookinfo-gateway.yaml
kubectl get gateway
export INGRESS_HOST=istio-ingressgateway.istio-system
export INGRESS_PORT=$(kubectl -n istio-system get service istio-ingressgateway -o jsonpath='{.spec.ports[?(@.name=="http2")].port}')
export GATEWAY_URL=$INGRESS_HOST:$INGRESS_PORT
kubectl exec deploy/ratings-v1 -c ratings -- curl -s "http://${GATEWAY_URL}/productpage" | grep -o "<title>.*</title>"
istioctl proxy-config routes deploy/istio-ingressgateway -n istio-system
istioctl proxy-config clusters deploy/istio-ingressgateway -n istio-system --fqdn productpage.default.svc.cluster.local
kubectl apply -f samples/bookinfo/networking/destination-rule-all.yaml
kubectl apply -f samples/bookinfo/networking/virtual-service-all-v1.yaml
kubectl exec deploy/ratings-v1 -c ratings -- sh -c "for i in 1 2 3 4 5 6; do curl -s http://${GATEWAY_URL}/productpage | grep -o 'reviews-v.' | head -1; done" | sort | uniq -c
kubectl apply -f samples/bookinfo/networking/virtual-service-reviews-test-v2.yaml
kubectl exec deploy/ratings-v1 -c ratings -- curl -s -i -d 'username=jason&passwd=jason' "http://${GATEWAY_URL}/login" | grep -i -e '^HTTP' -e '^set-cookie' -e '^location'
kubectl exec deploy/ratings-v1 -c ratings -- sh -c "for i in 1 2 3 4 5 6; do curl -s -H 'Cookie: user=jason' http://${GATEWAY_URL}/productpage | grep -o 'reviews-v.' | head -1; done" | sort | uniq -c
kubectl exec deploy/ratings-v1 -c ratings -- sh -c "for i in 1 2 3 4 5 6; do curl -s http://${GATEWAY_URL}/productpage | grep -o 'reviews-v.' | head -1; done" | sort | uniq -c
istioctl version
kubectl delete -f samples/bookinfo/networking/virtual-service-all-v1.yaml
