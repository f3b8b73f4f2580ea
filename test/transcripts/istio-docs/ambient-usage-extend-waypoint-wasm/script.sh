# Istio 1.30 "Extend waypoints with WebAssembly plugins" (docs/ambient/usage/extend-waypoint-wasm):
# the page's commands in its order, verbatim, on the getting-started setup it asks for (Istio,
# Bookinfo in an ambient default namespace, its Gateway, the `sleep` sample). GATEWAY_HOST is the
# gateway's in-cluster name, as the page's `kubectl exec deploy/sleep` reaches it. The
# basic_auth module is emulated, not executed (README). Older versions of the page spell
# `istioctl x waypoint`; 1.30's istioctl has no such command (cmd/root.go: cobra prints
# experimental's help). Added: the 401 in full
# (plugin.cc's empty body and WWW-Authenticate), and a request after the cleanup.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
kubectl apply -f samples/bookinfo/platform/kube/bookinfo-versions.yaml > /dev/null
kubectl apply -f samples/bookinfo/gateway-api/bookinfo-gateway.yaml > /dev/null
kubectl annotate gateway bookinfo-gateway networking.istio.io/service-type=ClusterIP --namespace=default > /dev/null
kubectl apply -f samples/sleep/sleep.yaml > /dev/null
kubectl label namespace default istio.io/dataplane-mode=ambient > /dev/null
kubectl wait --for=condition=programmed gtw/bookinfo-gateway > /dev/null
kubectl rollout status deploy/sleep > /dev/null
export GATEWAY_HOST=bookinfo-gateway-istio.default
kubectl get gateway
kubectl apply -f - <<EOF
apiVersion: extensions.istio.io/v1alpha1
kind: WasmPlugin
metadata:
  name: basic-auth-at-gateway
spec:
  targetRefs:
    - kind: Gateway
      group: gateway.networking.k8s.io
      name: bookinfo-gateway # gateway name retrieved from previous step
  url: oci://ghcr.io/istio-ecosystem/wasm-extensions/basic_auth:1.12.0
  phase: AUTHN
  pluginConfig:
    basic_auth_rules:
      - prefix: "/productpage"
        request_methods:
          - "GET"
          - "POST"
        credentials:
          - "ok:test"
          - "YWRtaW4zOmFkbWluMw=="
EOF
kubectl exec deploy/sleep -- curl -s -w "%{http_code}" -o /dev/null "http://$GATEWAY_HOST/productpage"
kubectl exec deploy/sleep -- curl -s -o /dev/null -H "Authorization: Basic YWRtaW4zOmFkbWluMw==" -w "%{http_code}" "http://$GATEWAY_HOST/productpage"
istioctl x waypoint apply --enroll-namespace --wait
istioctl waypoint apply --enroll-namespace --wait
kubectl exec deploy/sleep -- curl -s -w "%{http_code}" -o /dev/null http://productpage:9080/productpage
kubectl get gateway
kubectl apply -f - <<EOF
apiVersion: extensions.istio.io/v1alpha1
kind: WasmPlugin
metadata:
  name: basic-auth-at-waypoint
spec:
  targetRefs:
    - kind: Gateway
      group: gateway.networking.k8s.io
      name: waypoint # gateway name retrieved from previous step
  url: oci://ghcr.io/istio-ecosystem/wasm-extensions/basic_auth:1.12.0
  phase: AUTHN
  pluginConfig:
    basic_auth_rules:
      - prefix: "/productpage"
        request_methods:
          - "GET"
          - "POST"
        credentials:
          - "ok:test"
          - "YWRtaW4zOmFkbWluMw=="
EOF
kubectl get wasmplugin
kubectl exec deploy/sleep -- curl -s -w "%{http_code}" -o /dev/null http://productpage:9080/productpage
kubectl exec deploy/sleep -- curl -s -w "%{http_code}" -o /dev/null -H "Authorization: Basic YWRtaW4zOmFkbWluMw==" http://productpage:9080/productpage
istioctl experimental waypoint apply -n default --name reviews-svc-waypoint --wait
istioctl waypoint apply -n default --name reviews-svc-waypoint --wait
kubectl label service reviews istio.io/use-waypoint=reviews-svc-waypoint
kubectl get gateway
kubectl apply -f - <<EOF
apiVersion: extensions.istio.io/v1alpha1
kind: WasmPlugin
metadata:
  name: basic-auth-for-service
spec:
  targetRefs:
    - kind: Gateway
      group: gateway.networking.k8s.io
      name: reviews-svc-waypoint
  url: oci://ghcr.io/istio-ecosystem/wasm-extensions/basic_auth:1.12.0
  phase: AUTHN
  pluginConfig:
    basic_auth_rules:
      - prefix: "/reviews"
        request_methods:
          - "GET"
          - "POST"
        credentials:
          - "ok:test"
          - "MXQtaW4zOmFkbWluMw=="
EOF
kubectl exec deploy/sleep -- curl -s -w "%{http_code}" -o /dev/null -H "Authorization: Basic YWRtaW4zOmFkbWluMw==" http://productpage:9080/productpage
kubectl exec deploy/sleep -- curl -s -w "%{http_code}" -o /dev/null -H "Authorization: Basic MXQtaW4zOmFkbWluMw==" http://reviews:9080/reviews/1
kubectl exec deploy/sleep -- curl -s -w "%{http_code}" -o /dev/null http://reviews:9080/reviews/1
kubectl exec deploy/sleep -- curl -s -i http://reviews:9080/reviews/1
kubectl delete wasmplugin basic-auth-at-gateway basic-auth-at-waypoint basic-auth-for-service
kubectl exec deploy/sleep -- curl -s -w "%{http_code}" -o /dev/null http://reviews:9080/reviews/1
