# Istio 1.30 "Request Timeouts" (docs/tasks/traffic-management/request-timeouts), its Gateway API
# tab, as a learner in ambient mode follows it: Bookinfo and its versions' Services in an ambient
# namespace with a waypoint. The Gateway API has no fault injection, so the page adds ratings'
# 2 s delay with a VirtualService, which the same waypoint serves. The browser refreshes are
# curls of /productpage from the curl pod, timed with curl's -w.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f samples/bookinfo/platform/kube/bookinfo-versions.yaml > /dev/null
kubectl apply -f - <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: reviews
    port: 9080
  rules:
  - backendRefs:
    - name: reviews-v2
      port: 9080
EOF
kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings
spec:
  hosts:
  - ratings
  http:
  - fault:
      delay:
        percentage:
          value: 100
        fixedDelay: 2s
    route:
    - destination:
        host: ratings
EOF
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\n" http://productpage:9080/productpage
kubectl exec deploy/curl -- sh -c "curl -s http://productpage:9080/productpage | grep -o 'reviews-v.\|glyphicon-star'" | sort | uniq -c
kubectl apply -f - <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: reviews
    port: 9080
  rules:
  - backendRefs:
    - name: reviews-v2
      port: 9080
    timeouts:
      request: 500ms
EOF
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\n" http://productpage:9080/productpage
kubectl exec deploy/curl -- sh -c "curl -s http://productpage:9080/productpage | grep -o 'reviews-v.\|glyphicon-star\|Sorry, product reviews are currently unavailable for this book.'" | sort | uniq -c
kubectl exec deploy/curl -- curl -s -w "\n%{http_code} %{time_total}\n" http://reviews:9080/reviews/0
kubectl delete httproute reviews
kubectl delete virtualservice ratings
