# Istio 1.30 "Copy JWT Claims to HTTP Headers" (docs/tasks/security/authentication/claim-to-header)
# as the page's test snippets (snips.sh) run it, with the v1 API and the release-1.30 URLs of the
# 1.30 docs: httpbin's sidecar verifies the token (jwt_authn) and copies its `foo` claim into
# `x-jwt-claim-foo` (outputClaimToHeaders), which httpbin echoes back. The page's last line shows
# `"X-Jwt-Claim-Foo": "bar"`, kennethreitz/httpbin's format; 1.30's samples/httpbin is
# go-httpbin, which lists each header's values, so grep finds `"X-Jwt-Claim-Foo": [`.
istioctl install --set profile=default --skip-confirmation > /dev/null 2>&1
kubectl create ns foo
kubectl label namespace foo istio-injection=enabled
kubectl apply -f samples/httpbin/httpbin.yaml -n foo
kubectl apply -f samples/sleep/sleep.yaml -n foo
kubectl wait --for=condition=Ready pod --all -n foo > /dev/null
kubectl exec "$(kubectl get pod -l app=sleep -n foo -o jsonpath={.items..metadata.name})" -c sleep -n foo -- curl http://httpbin.foo:8000/ip -sS -o /dev/null -w "%{http_code}\n"
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: "jwt-example"
  namespace: foo
spec:
  selector:
    matchLabels:
      app: httpbin
  jwtRules:
  - issuer: "testing@secure.istio.io"
    jwksUri: "https://raw.githubusercontent.com/istio/istio/release-1.30/security/tools/jwt/samples/jwks.json"
    outputClaimToHeaders:
    - header: "x-jwt-claim-foo"
      claim: "foo"
EOF
kubectl exec "$(kubectl get pod -l app=sleep -n foo -o jsonpath={.items..metadata.name})" -c sleep -n foo -- curl "http://httpbin.foo:8000/headers" -sS -o /dev/null -H "Authorization: Bearer invalidToken" -w "%{http_code}\n"
TOKEN=$(curl https://raw.githubusercontent.com/istio/istio/release-1.30/security/tools/jwt/samples/demo.jwt -s) && echo "$TOKEN" | cut -d '.' -f2 - | base64 --decode -
echo
kubectl exec "$(kubectl get pod -l app=sleep -n foo -o jsonpath={.items..metadata.name})" -c sleep -n foo -- curl "http://httpbin.foo:8000/headers" -sS -o /dev/null -H "Authorization: Bearer $TOKEN" -w "%{http_code}\n"
kubectl exec "$(kubectl get pod -l app=sleep -n foo -o jsonpath={.items..metadata.name})" -c sleep -n foo -- curl "http://httpbin.foo:8000/headers" -sS -H "Authorization: Bearer $TOKEN" | grep "X-Jwt-Claim-Foo" | sed -e 's/^[ \t]*//'
kubectl delete namespace foo
