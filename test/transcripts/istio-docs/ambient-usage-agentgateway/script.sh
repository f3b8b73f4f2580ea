# Istio "Use agentgateway" (docs/ambient/usage/agentgateway): the page's commands in its order,
# verbatim, up to the ingress Gateway. agentgateway is experimental and not simulated: the
# playground's istioctl refuses `values.pilot.env.PILOT_ENABLE_AGENTGATEWAY` with a note, so
# istiod registers no agentgateway GatewayClass and a Gateway of that class is never programmed,
# as on a cluster where the flag is off (README).
kubectl get crd gateways.gateway.networking.k8s.io || \
  { kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f -; }
istioctl install --set profile=ambient --set values.pilot.env.PILOT_ENABLE_AGENTGATEWAY=true -y
istioctl install --set profile=ambient -y > /dev/null 2>&1
kubectl get gatewayclass istio-agentgateway istio-agentgateway-waypoint
kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml
kubectl apply -f - <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: bookinfo-gateway
  annotations:
    networking.istio.io/service-type: ClusterIP
spec:
  gatewayClassName: istio-agentgateway
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
EOF
kubectl get gateway bookinfo-gateway
kubectl delete gateway bookinfo-gateway
