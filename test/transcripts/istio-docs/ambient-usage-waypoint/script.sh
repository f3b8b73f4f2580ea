# Istio 1.30 "Configure waypoint proxies" (docs/ambient/usage/waypoint): the page's commands in
# its order, on Bookinfo in an ambient default namespace. Its Gateway manifests carry no
# apiVersion, which kubectl refuses as shown; the transcript then applies them with one. The
# Gateway API CRDs come from the getting-started page's install. Older versions of the page spell
# `istioctl experimental waypoint`; 1.30's istioctl has no such command (cmd/root.go): cobra
# prints experimental's help (legacyArgs checks names only on the root).
istioctl experimental waypoint list
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
kubectl get ns -L istio.io/dataplane-mode
istioctl waypoint generate --for service -n default
istioctl waypoint apply -n default
kubectl apply -f - <<EOF
kind: Gateway
metadata:
  labels:
    istio.io/waypoint-for: service
  name: waypoint
  namespace: default
spec:
  gatewayClassName: istio-waypoint
  listeners:
  - name: mesh
    port: 15008
    protocol: HBONE
EOF
kubectl apply -f - <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  labels:
    istio.io/waypoint-for: all
  name: waypoint
  namespace: default
spec:
  gatewayClassName: istio-waypoint
  listeners:
  - name: mesh
    port: 15008
    protocol: HBONE
EOF
istioctl waypoint apply -n default --for all
istioctl waypoint apply -n default --enroll-namespace
kubectl label ns default istio.io/use-waypoint=waypoint
istioctl waypoint apply -n default --name reviews-svc-waypoint
kubectl label service reviews istio.io/use-waypoint=reviews-svc-waypoint
istioctl waypoint apply -n default --name reviews-v2-pod-waypoint --for workload
kubectl label pod -l version=v2,app=reviews istio.io/use-waypoint=reviews-v2-pod-waypoint
kubectl rollout status deploy/waypoint
kubectl rollout status deploy/reviews-svc-waypoint
kubectl rollout status deploy/reviews-v2-pod-waypoint
istioctl waypoint list
kubectl get gateway waypoint -o jsonpath='{.metadata.labels.istio\.io/waypoint-for}{"\n"}'
