# Istio 1.30 ambient getting-started "Cleanup" (docs/ambient/getting-started/cleanup): the page's
# commands in its order, verbatim ({{< github_file >}} is the release-1.30 raw URL), after the
# getting-started setup (Istio, Bookinfo with its versions, a waypoint, the sleep sample).
# Older versions of the page spell `istioctl x waypoint`; 1.30's istioctl has no such command
# (cmd/root.go; cobra prints experimental's help), so the transcript then runs `istioctl waypoint
# delete --all`. Added: what is
# left running at the end.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || { kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f -; } > /dev/null
kubectl apply -f samples/bookinfo/platform/kube/bookinfo-versions.yaml > /dev/null
kubectl apply -f samples/sleep/sleep.yaml > /dev/null
kubectl label namespace default istio.io/dataplane-mode=ambient > /dev/null
istioctl waypoint apply --enroll-namespace --wait > /dev/null
kubectl label namespace default istio.io/dataplane-mode-
kubectl label namespace default istio.io/use-waypoint-
istioctl x waypoint delete --all
istioctl waypoint delete --all
istioctl uninstall -y --purge
kubectl delete namespace istio-system
kubectl delete -f https://raw.githubusercontent.com/istio/istio/release-1.30/samples/bookinfo/platform/kube/bookinfo.yaml
kubectl delete -f https://raw.githubusercontent.com/istio/istio/release-1.30/samples/bookinfo/platform/kube/bookinfo-versions.yaml
kubectl delete -f https://raw.githubusercontent.com/istio/istio/release-1.30/samples/sleep/sleep.yaml
kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl delete -f -
kubectl get pods -A
