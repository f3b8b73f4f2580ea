# RequestAuthentication on a waypoint (Istio's ambient L7 features: RequestAuthentication must
# target the waypoint with targetRefs, docs/ambient/usage/l7-features): the waypoint's jwt_authn
# refuses a malformed token (401 with the verifier's text), a verified token carries its
# request principal to an AuthorizationPolicy targeting productpage; details, which no policy
# guards, answers with or without one.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
kubectl label namespace default istio.io/dataplane-mode=ambient > /dev/null
istioctl waypoint apply --enroll-namespace --wait > /dev/null
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: jwt-on-waypoint
spec:
  targetRefs:
  - kind: Gateway
    group: gateway.networking.k8s.io
    name: waypoint
  jwtRules:
  - issuer: "testing@secure.istio.io"
    jwksUri: "https://raw.githubusercontent.com/istio/istio/release-1.30/security/tools/jwt/samples/jwks.json"
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: require-jwt
spec:
  targetRefs:
  - kind: Service
    group: ""
    name: productpage
  action: ALLOW
  rules:
  - from:
    - source:
        requestPrincipals: ["testing@secure.istio.io/*"]
EOF
TOKEN=$(curl -s https://raw.githubusercontent.com/istio/istio/release-1.30/security/tools/jwt/samples/demo.jwt)
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" productpage:9080/productpage
kubectl exec deploy/curl -- curl -s -w "\n%{http_code}\n" -H "Authorization: Bearer nope" productpage:9080/productpage
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" -H "Authorization: Bearer $TOKEN" productpage:9080/productpage
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" -H "Authorization: Bearer $TOKEN" details:9080/details/0
