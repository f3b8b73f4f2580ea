# Istio 1.30 "Egress gateways" (docs/ambient/usage/egress-gateway): the page's commands in its
# order, verbatim, the Gateway API CRD boilerplate included. Before you begin: Istio installed
# in ambient mode.
# The internet (httpbin.org, example.com) is simulated (README); test/transcripts/egress-gateway
# runs the same page with extra looks at status, zc and bodies.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl apply -f samples/curl/curl.yaml
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl create namespace istio-egress
kubectl label namespace istio-egress istio.io/dataplane-mode=ambient
kubectl get crd gateways.gateway.networking.k8s.io || \
  { kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f -; }
istioctl waypoint apply --for service --enroll-namespace --namespace istio-egress
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
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}" http://httpbin.org/get
kubectl exec -n istio-egress deploy/waypoint -c istio-proxy -- pilot-agent request GET stats | grep upstream_rq_total
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
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}" http://httpbin.org/get
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}" -X POST http://httpbin.org/post
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
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}" http://example.com
kubectl exec -n istio-egress deploy/waypoint -c istio-proxy -- pilot-agent request GET stats | grep upstream_rq_total
kubectl delete namespace istio-egress
kubectl delete -f samples/curl/curl.yaml
kubectl label namespace default istio.io/dataplane-mode-
