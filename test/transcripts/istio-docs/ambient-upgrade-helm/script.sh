# Istio 1.30 "Upgrade with Helm" (docs/ambient/upgrade/helm), the in-place tabs verbatim, on an
# ambient install made as docs/ambient/install/helm makes it (set-up output sent to /dev/null).
# The playground has only Istio 1.30.3, so the upgrade re-deploys 1.30.3: each release moves to
# revision 2 and the previous one is superseded. istiod's upgrade passes no values, so helm carries
# `profile=ambient` over from revision 1 (upgrade.go reuseValues). The revisioned tabs are not
# simulated: `--set revision=…` is refused with a clear message, as is `helm template -s`. Then curl
# through the mesh proves it still works.
helm repo add istio https://istio-release.storage.googleapis.com/charts > /dev/null
helm install istio-base istio/base -n istio-system --create-namespace --wait > /dev/null
helm install istiod istio/istiod --namespace istio-system --set profile=ambient --wait > /dev/null
helm install istio-cni istio/cni -n istio-system --set profile=ambient --wait > /dev/null
helm install ztunnel istio/ztunnel -n istio-system --wait > /dev/null
helm install istio-ingress istio/gateway -n istio-ingress --create-namespace > /dev/null
kubectl label namespace default istio.io/dataplane-mode=ambient > /dev/null
kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml > /dev/null
kubectl apply -f samples/curl/curl.yaml > /dev/null
kubectl wait --for=condition=ready pod --all --timeout=120s > /dev/null
istioctl x precheck
helm repo update istio
helm upgrade istio-base istio/base -n istio-system
helm upgrade istiod istio/istiod -n istio-system --wait
helm upgrade istio-cni istio/cni -n istio-system --set profile=ambient --wait
helm upgrade ztunnel istio/ztunnel -n istio-system --wait
helm upgrade istio-ingress istio/gateway -n istio-ingress
helm ls -A
helm get values istiod -n istio-system
kubectl get secrets -n istio-system -l owner=helm -L status
kubectl get pods -n istio-system
export REVISION=1-30-3
helm install istiod-"$REVISION" istio/istiod -n istio-system --set revision="$REVISION" --set profile=ambient --wait
helm template istiod istio/istiod -s templates/revision-tags-mwc.yaml --set revisionTags="{default}" --set revision="$REVISION" -n istio-system
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"
