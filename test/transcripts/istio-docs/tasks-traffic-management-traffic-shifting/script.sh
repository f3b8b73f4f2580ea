# Istio 1.30 "Traffic Shifting" (docs/tasks/traffic-management/traffic-shifting), its Gateway API
# tab, as a learner in ambient mode follows it: Bookinfo and its versions' Services in an ambient
# namespace with a waypoint. The browser refreshes are curls of /productpage from the curl pod
# (reviews-v3's stars are `<font color="red">`).
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f samples/bookinfo/platform/kube/bookinfo-versions.yaml > /dev/null
kubectl apply -f samples/bookinfo/gateway-api/route-reviews-v1.yaml
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 10); do curl -s http://productpage:9080/productpage | grep -o 'reviews-v.'; done" | sort | uniq -c
kubectl apply -f samples/bookinfo/gateway-api/route-reviews-50-v3.yaml
kubectl get httproute reviews -o yaml
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 20); do curl -s http://productpage:9080/productpage | grep -o 'reviews-v.'; done" | sort | uniq -c
kubectl apply -f samples/bookinfo/gateway-api/route-reviews-v3.yaml
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 10); do curl -s http://productpage:9080/productpage | grep -o 'reviews-v.\|color=\"[a-z]*\"'; done" | sort | uniq -c
kubectl delete httproute reviews
