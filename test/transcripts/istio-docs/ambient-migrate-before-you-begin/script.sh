# Istio 1.30 "Migrate from sidecar to ambient: Before you begin" (docs/ambient/migrate/
# before-you-begin), verbatim, on a sidecar mesh as the page assumes one: the default profile
# (istiod and the ingress gateway, no istio-cni), Bookinfo and curl injected (istio-init runs
# istio-iptables before each proxy), an L7 AuthorizationPolicy with a selector and a
# PeerAuthentication (the set-up lines send their output to /dev/null). The audit finds the L7
# policy; istioctl version counts the seven sidecars (the ingress gateway is not connected here:
# README, "Simplified").
istioctl install -y > /dev/null 2>&1
kubectl label namespace default istio-injection=enabled > /dev/null
kubectl rollout restart deployment > /dev/null
kubectl wait --for=condition=Ready pod --all --timeout=60s > /dev/null
kubectl apply -f - > /dev/null <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-get-reviews
spec:
  selector:
    matchLabels:
      app: reviews
  action: ALLOW
  rules:
  - to:
    - operation:
        methods: ["GET"]
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
spec:
  mtls:
    mode: PERMISSIVE
EOF
kubectl get pods
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || \
  kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml
istioctl version
kubectl get pods -n istio-system
kubectl get namespaces -l istio-injection=enabled
kubectl get namespaces -l 'istio.io/rev'
kubectl get virtualservice,destinationrule,authorizationpolicy,requestauthentication,peerauthentication,envoyfilter,wasmplugin -A
kubectl get authorizationpolicy -A --no-headers | while read ns name rest; do
    if kubectl get authorizationpolicy "$name" -n "$ns" -o yaml | grep -qE "(methods:|paths:|headers:|action: CUSTOM|action: AUDIT)"; then
      echo "$ns/$name"
    fi
  done
kubectl get peerauthentication -A -o yaml | grep -A2 "mtls:"
kubectl get virtualservice,destinationrule,authorizationpolicy,requestauthentication,peerauthentication,gateway,httproute,telemetry -A -o yaml > istio-config-backup.yaml
kubectl get namespaces -o yaml > namespace-backup.yaml
