# Istio 1.30 "External Authorization" (docs/tasks/security/authorization/authz-custom) verbatim on
# the default profile. `kubectl edit configmap istio` is the page's interactive step: here
# KUBE_EDITOR is a sed that adds the page's two extensionProviders under `mesh: |-`. The CUSTOM
# policy makes httpbin's sidecar send each /headers request to the sample ext-authz server
# (Envoy's ext_authz filter, before RBAC): `x-ext-authz: deny` is answered with the sample's 403
# body, `allow` passes with the server's headers added upstream, /ip is never checked. The client
# certificate's hash in XFCC changes with every run's keys: sed redacts it.
istioctl install --set profile=default --skip-confirmation > /dev/null 2>&1
kubectl create ns foo
kubectl label ns foo istio-injection=enabled
kubectl apply -f samples/httpbin/httpbin.yaml -n foo
kubectl apply -f samples/curl/curl.yaml -n foo
kubectl wait --for=condition=Ready pod --all -n foo > /dev/null
kubectl exec "$(kubectl get pod -l app=curl -n foo -o jsonpath={.items..metadata.name})" -c curl -n foo -- curl http://httpbin.foo:8000/ip -s -o /dev/null -w "%{http_code}\n"
kubectl apply -n foo -f https://raw.githubusercontent.com/istio/istio/release-1.30/samples/extauthz/ext-authz.yaml
kubectl wait --for=condition=Ready pod -l app=ext-authz -n foo > /dev/null
kubectl logs "$(kubectl get pod -l app=ext-authz -n foo -o jsonpath={.items..metadata.name})" -n foo -c ext-authz
KUBE_EDITOR='sed -i "s/^  mesh: |-$/  mesh: |-\n    extensionProviders:\n    - name: \"sample-ext-authz-grpc\"\n      envoyExtAuthzGrpc:\n        service: \"ext-authz.foo.svc.cluster.local\"\n        port: \"9000\"\n    - name: \"sample-ext-authz-http\"\n      envoyExtAuthzHttp:\n        service: \"ext-authz.foo.svc.cluster.local\"\n        port: \"8000\"\n        includeRequestHeadersInCheck: [\"x-ext-authz\"]/"' kubectl edit configmap istio -n istio-system
kubectl get configmap istio -n istio-system -o jsonpath='{.data.mesh}' | head -12
kubectl apply -n foo -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ext-authz
spec:
  selector:
    matchLabels:
      app: httpbin
  action: CUSTOM
  provider:
    # The provider name must match the extension provider defined in the mesh config.
    # You can also replace this with sample-ext-authz-http to test the other external authorizer definition.
    name: sample-ext-authz-grpc
  rules:
  # The rules specify when to trigger the external authorizer.
  - to:
    - operation:
        paths: ["/headers"]
EOF
kubectl exec "$(kubectl get pod -l app=curl -n foo -o jsonpath={.items..metadata.name})" -c curl -n foo -- curl "http://httpbin.foo:8000/headers" -H "x-ext-authz: deny" -s
echo
kubectl exec "$(kubectl get pod -l app=curl -n foo -o jsonpath={.items..metadata.name})" -c curl -n foo -- curl "http://httpbin.foo:8000/headers" -H "x-ext-authz: allow" -s | jq '.headers' | sed 's/Hash=[a-z0-9]*;/Hash=<redacted>;/'
kubectl exec "$(kubectl get pod -l app=curl -n foo -o jsonpath={.items..metadata.name})" -c curl -n foo -- curl "http://httpbin.foo:8000/ip" -s -o /dev/null -w "%{http_code}\n"
kubectl logs "$(kubectl get pod -l app=ext-authz -n foo -o jsonpath={.items..metadata.name})" -n foo -c ext-authz
# Not on the page: the policy's other provider, the HTTP check API on port 8000.
kubectl patch authorizationpolicy ext-authz -n foo --type merge -p '{"spec":{"provider":{"name":"sample-ext-authz-http"}}}'
kubectl exec "$(kubectl get pod -l app=curl -n foo -o jsonpath={.items..metadata.name})" -c curl -n foo -- curl "http://httpbin.foo:8000/headers" -H "x-ext-authz: deny" -s -w "\n%{http_code}\n"
kubectl exec "$(kubectl get pod -l app=curl -n foo -o jsonpath={.items..metadata.name})" -c curl -n foo -- curl "http://httpbin.foo:8000/headers" -H "x-ext-authz: allow" -s -o /dev/null -w "%{http_code}\n"
kubectl logs deploy/ext-authz -n foo -c ext-authz --tail=2
# Not on the page: a provider the mesh config does not define denies what the policy's rules match.
kubectl patch authorizationpolicy ext-authz -n foo --type merge -p '{"spec":{"provider":{"name":"no-such-provider"}}}'
kubectl exec "$(kubectl get pod -l app=curl -n foo -o jsonpath={.items..metadata.name})" -c curl -n foo -- curl "http://httpbin.foo:8000/headers" -H "x-ext-authz: allow" -s -w "\n%{http_code}\n"
kubectl delete namespace foo
