# Istio 1.30 "Use Layer 7 features" (docs/ambient/usage/l7-features): the page's two examples
# verbatim (an AuthorizationPolicy on the whole waypoint, an HTTPRoute on the reviews Service),
# on Bookinfo in an ambient namespace with a namespace waypoint, plus its attachment table's
# last point: an L7 rule in a selector policy is enforced by the destination ztunnel, which
# cannot parse HTTP and so denies (fail closed), waypoint or not.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply -f samples/bookinfo/platform/kube/bookinfo-versions.yaml > /dev/null
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1beta1
kind: AuthorizationPolicy
metadata:
  name: viewer
  namespace: default
spec:
  targetRefs:
  - kind: Gateway
    group: gateway.networking.k8s.io
    name: waypoint
  action: ALLOW
  rules:
  - from:
    - source:
        namespaces: ["default", "istio-system"]
    to:
    - operation:
        methods: ["GET"]
EOF
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://ratings:9080/ratings/1
kubectl exec deploy/curl -- curl -s -X POST http://ratings:9080/ratings/1; echo
kubectl apply -f - <<EOF
apiVersion: gateway.networking.k8s.io/v1beta1
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
      weight: 90
    - name: reviews-v2
      port: 9080
      weight: 10
EOF
kubectl get httproute reviews -o jsonpath='{range .status.parents[0].conditions[*]}{.type}={.status} {end}{"\n"}'
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 20); do curl -s http://reviews:9080/reviews/1 | grep -o 'reviews-v.'; done" | sort | uniq -c
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ratings-get-only
spec:
  selector:
    matchLabels:
      app: ratings
  action: ALLOW
  rules:
  - to:
    - operation:
        methods: ["GET"]
EOF
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://ratings:9080/ratings/1
kubectl exec deploy/curl -- curl -s http://ratings:9080/ratings/1; echo
kubectl logs -n istio-system -l app=ztunnel --tail 200 | grep "ratings" | grep -o 'error=.*' | tail -1
