# Istio 1.30 "Request Routing" (docs/tasks/traffic-management/request-routing), its Gateway API
# tab, as a learner in ambient mode follows it: Bookinfo in an ambient namespace with a waypoint
# (an HTTPRoute whose parent is a Service is enforced by the Service's waypoint), and the
# Bookinfo page's "define the service versions" step for the Gateway API (bookinfo-versions.yaml).
# The page's browser refreshes are curls of /productpage from the curl pod; "log in as jason" is
# the `user` cookie productpage's /login sets.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f samples/bookinfo/platform/kube/bookinfo-versions.yaml
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 6); do curl -s http://productpage:9080/productpage | grep -o 'reviews-v.'; done" | sort | uniq -c
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
    - name: reviews-v1
      port: 9080
EOF
kubectl get httproute reviews -o yaml
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 6); do curl -s http://productpage:9080/productpage | grep -o 'reviews-v.'; done" | sort | uniq -c
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
  - matches:
    - headers:
      - name: end-user
        value: jason
    backendRefs:
    - name: reviews-v2
      port: 9080
  - backendRefs:
    - name: reviews-v1
      port: 9080
EOF
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 4); do curl -s --cookie user=jason http://productpage:9080/productpage | grep -o 'reviews-v.\|glyphicon-star'; done" | sort | uniq -c
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 4); do curl -s --cookie user=alice http://productpage:9080/productpage | grep -o 'reviews-v.\|glyphicon-star'; done" | sort | uniq -c
kubectl delete httproute reviews
