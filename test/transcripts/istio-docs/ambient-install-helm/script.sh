# Istio 1.30 "Install with Helm" (docs/ambient/install/helm) on an empty kind cluster, every command
# of the page verbatim: the repository, base, istiod and CNI with the ambient profile, ztunnel, the
# optional ingress gateway, the checks, then the uninstall section to the end. Deviation: the
# gateway chart is installed without `--wait`, as the page says to on a
# cluster without LoadBalancer addresses (kind: its Service stays <pending>, so `--wait` would time
# out, see helm-errors); before uninstalling, Bookinfo and curl in ambient mode prove the mesh works.
# Last, "Generate a manifest before installation": `helm template` with the cluster's Kubernetes
# version for the page's placeholder, the namespace created by hand as the page warns, then applied.
helm repo add istio https://istio-release.storage.googleapis.com/charts
helm repo update
helm install istio-base istio/base -n istio-system --create-namespace --wait
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || \
  { kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f -; }
helm install istiod istio/istiod --namespace istio-system --set profile=ambient --wait
helm install istio-cni istio/cni -n istio-system --set profile=ambient --wait
helm install ztunnel istio/ztunnel -n istio-system --wait
helm install istio-ingress istio/gateway -n istio-ingress --create-namespace
helm show values istio/istiod
helm ls -n istio-system
kubectl get pods -n istio-system
kubectl get secrets -n istio-system
kubectl get deploy istiod -n istio-system -o jsonpath='{.metadata.labels.app\.kubernetes\.io/managed-by} {.metadata.annotations.meta\.helm\.sh/release-name} {.metadata.annotations.meta\.helm\.sh/release-namespace}{"\n"}'
kubectl get pods,svc -n istio-ingress
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml > /dev/null
kubectl apply -f samples/curl/curl.yaml > /dev/null
kubectl wait --for=condition=ready pod --all --timeout=120s > /dev/null
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"
istioctl ztunnel-config workloads | grep -E "NAMESPACE|productpage"
helm ls -n istio-system
helm delete istio-ingress -n istio-ingress
kubectl delete namespace istio-ingress
helm delete ztunnel -n istio-system
helm delete istio-cni -n istio-system
helm delete istiod -n istio-system
helm delete istio-base -n istio-system
kubectl get crd -oname | grep --color=never 'istio.io' | xargs kubectl delete
kubectl delete namespace istio-system
helm ls -A
kubectl get secrets -n istio-system
helm template istiod istio/istiod -n istio-system --kube-version 1.34.0 > istiod.yaml
kubectl create namespace istio-system
kubectl apply -f istiod.yaml
kubectl get pods -n istio-system
