# Istio 1.30 "Fault Injection" (docs/tasks/traffic-management/fault-injection) as a learner in
# ambient mode follows it: the page has only Istio APIs (the Gateway API has no fault injection),
# which a waypoint serves (Alpha in ambient). Before you begin: Bookinfo with its default
# destination rules, in an ambient namespace with a waypoint, and the page's version routing.
# The browser steps are curls of /productpage from the curl pod; "log in as jason" is the `user`
# cookie productpage's /login sets.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f samples/bookinfo/networking/destination-rule-all.yaml
kubectl apply -f samples/bookinfo/networking/virtual-service-all-v1.yaml
kubectl apply -f samples/bookinfo/networking/virtual-service-reviews-test-v2.yaml
kubectl apply -f samples/bookinfo/networking/virtual-service-ratings-test-delay.yaml
kubectl get virtualservice ratings -o yaml
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\n" --cookie user=jason http://productpage:9080/productpage
kubectl exec deploy/curl -- curl -s --cookie user=jason http://productpage:9080/productpage | grep -o 'Error fetching product reviews!\|Sorry, product reviews are currently unavailable for this book.'
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\n" http://productpage:9080/productpage
kubectl apply -f samples/bookinfo/networking/virtual-service-ratings-test-abort.yaml
kubectl get virtualservice ratings -o yaml
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\n" --cookie user=jason http://productpage:9080/productpage
kubectl exec deploy/curl -- curl -s --cookie user=jason http://productpage:9080/productpage | grep -o 'Ratings service is currently unavailable\|reviews-v.'
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o 'Ratings service is currently unavailable\|reviews-v.'
kubectl delete -f samples/bookinfo/networking/virtual-service-all-v1.yaml
