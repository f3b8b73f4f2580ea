# Istio's classic traffic API behind a waypoint, with Bookinfo's own networking samples, whose
# destinations name no port (istio.io docs/tasks/traffic-management/request-routing,
# fault-injection, traffic-shifting; networking/v1 VirtualService Destination.port: "If a service
# exposes only a single port it is not required to explicitly select the port").
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl apply -f samples/bookinfo/platform/kube/bookinfo-versions.yaml > /dev/null
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f samples/bookinfo/networking/destination-rule-all.yaml
kubectl apply -f samples/bookinfo/networking/virtual-service-all-v1.yaml
for i in 1 2 3 4 5 6; do kubectl exec deploy/curl -- curl -s http://reviews:9080/reviews/0 | grep -o 'reviews-v[0-9]'; done | sort | uniq -c
kubectl apply -f samples/bookinfo/networking/virtual-service-reviews-test-v2.yaml
kubectl exec deploy/curl -- curl -s http://reviews:9080/reviews/0 -H "end-user: jason" | grep -o 'reviews-v[0-9]'
kubectl exec deploy/curl -- curl -s http://reviews:9080/reviews/0 | grep -o 'reviews-v[0-9]'
kubectl apply -f samples/bookinfo/networking/virtual-service-ratings-test-abort.yaml
kubectl exec deploy/curl -- curl -s -w " %{http_code}\n" http://ratings:9080/ratings/0 -H "end-user: jason"
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://ratings:9080/ratings/0
kubectl apply -f samples/bookinfo/networking/virtual-service-ratings-test-delay.yaml
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\n" http://ratings:9080/ratings/0 -H "end-user: jason"
kubectl apply -f samples/bookinfo/networking/virtual-service-reviews-50-v3.yaml
for i in $(seq 1 20); do kubectl exec deploy/curl -- curl -s http://reviews:9080/reviews/0 | grep -o 'reviews-v[0-9]'; done | sort | uniq -c
# A subset may select on any label the pods carry, not only version.
kubectl label pods -l version=v2 track=canary
kubectl apply -f - <<YAML
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: canary
    labels:
      app: reviews
      track: canary
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
        subset: canary
YAML
for i in 1 2 3 4; do kubectl exec deploy/curl -- curl -s http://reviews:9080/reviews/0 | grep -o 'reviews-v[0-9]'; done | sort | uniq -c
kubectl delete -f samples/bookinfo/networking/virtual-service-all-v1.yaml
kubectl delete -f samples/bookinfo/networking/destination-rule-all.yaml
