# Istio 1.30 "Upgrade with Helm (simple)" (docs/ambient/upgrade/helm/all-in-one, a draft page),
# verbatim, on an install made as docs/ambient/install/helm/all-in-one makes it (set-up output sent
# to /dev/null). That page's command names the release `istio-ambient`, so this page's
# `helm upgrade ambient …` fails as it does with real helm ("has no deployed releases"); the same
# upgrade by the installed release's name follows. The playground has only Istio 1.30.3, so the
# upgrade re-deploys 1.30.3 (revision 2; nothing in the templates changed, so no pod restarts), and
# curl through the mesh proves it still works.
helm repo add istio https://istio-release.storage.googleapis.com/charts > /dev/null
helm repo update > /dev/null
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || \
  { kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f - > /dev/null; }
helm install istio-ambient istio/ambient --namespace istio-system --create-namespace --wait > /dev/null
helm install istio-ingress istio/gateway -n istio-ingress --create-namespace > /dev/null
kubectl label namespace default istio.io/dataplane-mode=ambient > /dev/null
kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml > /dev/null
kubectl apply -f samples/curl/curl.yaml > /dev/null
kubectl wait --for=condition=ready pod --all --timeout=120s > /dev/null
istioctl x precheck
helm repo update istio
helm upgrade ambient istio/ambient -n istio-system --wait
helm upgrade istio-ambient istio/ambient -n istio-system --wait
helm upgrade istio-ingress istio/gateway -n istio-ingress
helm ls -A
helm history istio-ambient -n istio-system
kubectl get pods -n istio-system
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"
