# Istio's "Egress gateways" page for ambient mode (docs/ambient/usage/egress-gateway), verbatim
# where the playground supports it. Before you begin: Istio installed, the Gateway API CRDs.
# The page verbatim, stats included: istio-docs/ambient-usage-egress-gateway. Added here:
# looks at what the page describes (status, zc, traffic before, the body after TLS origination). The internet is simulated (README).
istioctl install --set profile=ambient --skip-confirmation
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || \
  kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml
kubectl apply -f samples/curl/curl.yaml
kubectl rollout status deploy/curl
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://httpbin.org/get
kubectl create namespace istio-egress
kubectl label namespace istio-egress istio.io/dataplane-mode=ambient
istioctl waypoint apply --for service --enroll-namespace --namespace istio-egress
kubectl rollout status deploy/waypoint -n istio-egress
istioctl waypoint list -n istio-egress
kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: httpbin-org
  namespace: istio-egress
spec:
  hosts:
  - httpbin.org
  ports:
  - number: 80
    name: http
    protocol: HTTP
  resolution: DNS
EOF
kubectl get serviceentry -n istio-egress
kubectl get serviceentry httpbin-org -n istio-egress -o jsonpath='{.status.addresses}'; echo
istioctl ztunnel-config services --service-namespace istio-egress
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://httpbin.org/get
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: httpbin-org
  namespace: istio-egress
spec:
  targetRefs:
  - kind: ServiceEntry
    group: networking.istio.io
    name: httpbin-org
  action: ALLOW
  rules:
  - to:
    - operation:
        methods: ["GET"]
        paths: ["/get"]
EOF
kubectl get authorizationpolicy httpbin-org -n istio-egress -o jsonpath='{.status.conditions[0].message}'; echo
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://httpbin.org/get
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" -X POST http://httpbin.org/post
kubectl exec deploy/curl -- curl -s -X POST http://httpbin.org/post; echo
kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: httpbin-org
  namespace: istio-egress
spec:
  hosts:
  - httpbin.org
  ports:
  - number: 80
    name: http
    protocol: HTTP
    targetPort: 443
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: httpbin-org-tls
  namespace: istio-egress
spec:
  host: httpbin.org
  trafficPolicy:
    tls:
      mode: SIMPLE
EOF
kubectl exec deploy/curl -- curl -s http://httpbin.org/get | head -5
kubectl exec deploy/curl -- curl -s http://httpbin.org/get | grep '"url"'
kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: example-com
  namespace: istio-egress
spec:
  hosts:
  - example.com
  ports:
  - number: 80
    name: http
    protocol: HTTP
  resolution: DNS
EOF
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://example.com
istioctl ztunnel-config services --service-namespace istio-egress
kubectl delete namespace istio-egress
kubectl delete -f samples/curl/curl.yaml
kubectl label namespace default istio.io/dataplane-mode-
