# Istio 1.30 "Install with istioctl" (docs/ambient/install/istioctl) on an empty kind cluster,
# the page's commands in its order: the Gateway API CRDs (the gateway-api-install-crds
# boilerplate), the ambient profile, then "Uninstall Istio". Added: what is running after the
# install and after the uninstall. The transcript has no terminal to answer `Proceed? (y/N)`, so
# the verbatim `istioctl uninstall --purge` is cancelled (exit 1, uninstall.go) and is run again
# with `y` on its stdin (shared.go Confirm reads it). The page's placeholder line runs as bash
# parses it: `<your … options>` is two redirections, the second with no word (a syntax error).
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || \
  { kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f -; }
istioctl install --set profile=ambient --skip-confirmation
kubectl get pods -n istio-system
istioctl uninstall --purge
echo y | istioctl uninstall --purge
istioctl uninstall <your original installation options>
kubectl delete namespace istio-system
kubectl get pods -n istio-system
kubectl get crd | grep -c istio.io
