# Istio 1.30 "Install with Helm (simple)" (docs/ambient/install/helm/all-in-one, a draft page) on
# an empty kind cluster, verbatim: the repository, the Gateway API CRDs, the `istio/ambient`
# wrapper chart (base, istio-cni, istiod and ztunnel in one release), the optional ingress gateway,
# the checks and the uninstall section. Deviations as in ambient-install-helm (the gateway
# without `--wait` on kind), and Bookinfo with curl in ambient
# mode before the uninstall proves the mesh works. The page's `helm ls` sample names the release
# `ambient`; the command it gives names it `istio-ambient`, which is what helm lists.
helm repo add istio https://istio-release.storage.googleapis.com/charts
helm repo update
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || \
  { kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f -; }
helm install istio-ambient istio/ambient --namespace istio-system --create-namespace --wait
helm install istio-ingress istio/gateway -n istio-ingress --create-namespace
helm show chart istio/ambient
helm ls -n istio-system
kubectl get pods -n istio-system
kubectl get ds ztunnel -n istio-system -o jsonpath='{.metadata.labels.helm\.sh/chart} {.metadata.labels.app\.kubernetes\.io/instance}{"\n"}'
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml > /dev/null
kubectl apply -f samples/curl/curl.yaml > /dev/null
kubectl wait --for=condition=ready pod --all --timeout=120s > /dev/null
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"
helm delete istio-ambient -n istio-system
helm delete istio-ingress -n istio-ingress
kubectl delete namespace istio-ingress
kubectl get crd -oname | grep --color=never 'istio.io' | xargs kubectl delete > /dev/null
kubectl delete namespace istio-system
kubectl get pods -n istio-system
