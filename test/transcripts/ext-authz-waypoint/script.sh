# CUSTOM authorization (ext_authz) on a waypoint and on an Istio ingress gateway: Istio 1.30's
# "External Authorization" task (docs/tasks/security/authorization/authz-custom) as a learner in
# ambient mode follows it. The namespace is enrolled in ambient instead of injected, a waypoint
# serves it, and the CUSTOM policy attaches by `targetRefs` (a waypoint never takes selector
# policies: policyattachment.go). istiod builds the waypoint's ext_authz filter per Service with
# the sidecar's builder (listener_waypoint.go: authz.NewBuilderForService(authz.Custom …)), so
# a /headers request is checked by the sample ext-authz server before the waypoint's DENY and
# ALLOW filters. Then an ingress Gateway (class istio) in front of httpbin, with a CUSTOM policy
# attached to it by targetRefs. `kubectl edit configmap istio` is the page's interactive step:
# KUBE_EDITOR is a sed adding the page's two extensionProviders.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || { kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f -; } > /dev/null
kubectl create ns foo
kubectl label ns foo istio.io/dataplane-mode=ambient
kubectl apply -f samples/httpbin/httpbin.yaml -n foo
kubectl apply -f samples/curl/curl.yaml -n foo
kubectl apply -n foo -f https://raw.githubusercontent.com/istio/istio/release-1.30/samples/extauthz/ext-authz.yaml
istioctl waypoint apply -n foo --enroll-namespace --wait
kubectl wait --for=condition=Ready pod --all -n foo > /dev/null
KUBE_EDITOR='sed -i "s/^  mesh: |-$/  mesh: |-\n    extensionProviders:\n    - name: \"sample-ext-authz-grpc\"\n      envoyExtAuthzGrpc:\n        service: \"ext-authz.foo.svc.cluster.local\"\n        port: \"9000\"\n    - name: \"sample-ext-authz-http\"\n      envoyExtAuthzHttp:\n        service: \"ext-authz.foo.svc.cluster.local\"\n        port: \"8000\"\n        includeRequestHeadersInCheck: [\"x-ext-authz\"]/"' kubectl edit configmap istio -n istio-system
kubectl apply -n foo -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ext-authz
spec:
  targetRefs:
  - kind: Service
    group: ""
    name: httpbin
  action: CUSTOM
  provider:
    name: sample-ext-authz-grpc
  rules:
  - to:
    - operation:
        paths: ["/headers"]
EOF
kubectl get authorizationpolicy ext-authz -n foo -o jsonpath='{.status.conditions[0].reason}: {.status.conditions[0].message}{"\n"}'
kubectl exec deploy/curl -n foo -- curl "http://httpbin.foo:8000/headers" -H "x-ext-authz: deny" -s -w "\n%{http_code}\n"
kubectl exec deploy/curl -n foo -- curl "http://httpbin.foo:8000/headers" -H "x-ext-authz: allow" -s | jq '.headers["X-Ext-Authz-Check-Result"]'
kubectl exec deploy/curl -n foo -- curl "http://httpbin.foo:8000/ip" -s -o /dev/null -w "%{http_code}\n"
kubectl logs deploy/ext-authz -n foo -c ext-authz --tail=2 | cut -c1-140
# The HTTP provider on the same waypoint.
kubectl patch authorizationpolicy ext-authz -n foo --type merge -p '{"spec":{"provider":{"name":"sample-ext-authz-http"}}}'
kubectl exec deploy/curl -n foo -- curl "http://httpbin.foo:8000/headers" -H "x-ext-authz: deny" -s -w "\n%{http_code}\n"
kubectl exec deploy/curl -n foo -- curl "http://httpbin.foo:8000/headers" -H "x-ext-authz: allow" -s -o /dev/null -w "%{http_code}\n"
kubectl logs deploy/ext-authz -n foo -c ext-authz --tail=2
# A provider the mesh config does not define: the policy's rules deny (getBadCustomDenyRules).
kubectl patch authorizationpolicy ext-authz -n foo --type merge -p '{"spec":{"provider":{"name":"no-such-provider"}}}'
kubectl exec deploy/curl -n foo -- curl "http://httpbin.foo:8000/headers" -H "x-ext-authz: allow" -s -w "\n%{http_code}\n"
kubectl exec deploy/curl -n foo -- curl "http://httpbin.foo:8000/ip" -s -o /dev/null -w "%{http_code}\n"
kubectl delete authorizationpolicy ext-authz -n foo
# An ingress gateway in front of httpbin, its CUSTOM policy attached to the Gateway. The
# namespace leaves its waypoint first, so that curl reaches the gateway's Service directly.
kubectl label ns foo istio.io/use-waypoint-
kubectl apply -f samples/httpbin/gateway-api/httpbin-gateway.yaml -n foo
kubectl wait --for=condition=ready pod -l gateway.networking.k8s.io/gateway-name=httpbin-gateway -n foo > /dev/null
kubectl apply -n foo -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ext-authz-ingress
spec:
  targetRefs:
  - kind: Gateway
    group: gateway.networking.k8s.io
    name: httpbin-gateway
  action: CUSTOM
  provider:
    name: sample-ext-authz-grpc
  rules:
  - to:
    - operation:
        paths: ["/headers"]
EOF
kubectl get authorizationpolicy ext-authz-ingress -n foo -o jsonpath='{.status.conditions[0].reason}: {.status.conditions[0].message}{"\n"}'
kubectl exec deploy/curl -n foo -- curl "http://httpbin-gateway-istio.foo/headers" -H "x-ext-authz: deny" -s -w "\n%{http_code}\n"
kubectl exec deploy/curl -n foo -- curl "http://httpbin-gateway-istio.foo/headers" -H "x-ext-authz: allow" -s | jq '.headers["X-Ext-Authz-Check-Result"]'
kubectl exec deploy/curl -n foo -- curl "http://httpbin-gateway-istio.foo/ip" -s -o /dev/null -w "%{http_code}\n"
kubectl logs deploy/ext-authz -n foo -c ext-authz --tail=2 | cut -c1-140
kubectl delete namespace foo
