# Istio 1.30 "Install ambient multi-primary on different networks"
# (docs/ambient/install/multicluster/multi-primary_multi-network), Helm and "Kubectl apply" tabs,
# on two kind clusters (`--clusters 2`). The page's commands verbatim after the Helm install
# guide's prerequisites (`helm repo add`; istio-system created, which the page leaves to that
# guide: its base chart fails without it). The page gives ztunnel no network value
# (`helm install ztunnel` without --set global.network), so ztunnel's NETWORK stays unset, as the
# chart renders it. The east-west Gateway is written out and applied (the "Kubectl apply" tab),
# after the Gateway API CRDs in cluster2 too (the page installs them in cluster1 only). Added:
# istiod's env and the east-west Gateway's objects. "Expose services" fails as on a real cluster
# (helloworld comes with the verify page); the remote secrets and istiod's logs are in the
# IstioOperator golden, so here only cluster2's secret is applied and listed.
export CTX_CLUSTER1=kind-cluster1
export CTX_CLUSTER2=kind-cluster2
helm repo add istio https://istio-release.storage.googleapis.com/charts
helm repo update > /dev/null
kubectl create namespace istio-system --context="${CTX_CLUSTER1}"
kubectl --context="${CTX_CLUSTER1}" get namespace istio-system && \
  kubectl --context="${CTX_CLUSTER1}" label namespace istio-system topology.istio.io/network=network1
helm install istio-base istio/base -n istio-system --kube-context "${CTX_CLUSTER1}"
helm install istiod istio/istiod -n istio-system --kube-context "${CTX_CLUSTER1}" --set global.meshID=mesh1 --set global.multiCluster.clusterName=cluster1 --set global.network=network1 --set profile=ambient --set env.AMBIENT_ENABLE_MULTI_NETWORK="true"
helm install istio-cni istio/cni -n istio-system --kube-context "${CTX_CLUSTER1}" --set profile=ambient
helm install ztunnel istio/ztunnel -n istio-system --kube-context "${CTX_CLUSTER1}"
kubectl --context="${CTX_CLUSTER1}" -n istio-system get deploy istiod -o jsonpath='{range .spec.template.spec.containers[0].env[*]}{.name}={.value}{"\n"}{end}' | grep -E 'CLUSTER_ID|AMBIENT'
kubectl --context="${CTX_CLUSTER1}" -n istio-system get ds ztunnel -o jsonpath='{range .spec.template.spec.containers[0].env[*]}{.name}={.value}{"\n"}{end}' | grep -E 'NETWORK|CLUSTER_ID'
kubectl get crd gateways.gateway.networking.k8s.io --context="${CTX_CLUSTER1}" &> /dev/null || \
  { kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f - --context="${CTX_CLUSTER1}"; }
cat <<EOF > cluster1-ewgateway.yaml
kind: Gateway
apiVersion: gateway.networking.k8s.io/v1
metadata:
  name: istio-eastwestgateway
  namespace: istio-system
  labels:
    topology.istio.io/network: "network1"
spec:
  gatewayClassName: istio-east-west
  listeners:
  - name: mesh
    port: 15008
    protocol: HBONE
    tls:
      mode: Terminate # represents double-HBONE
      options:
        gateway.istio.io/tls-terminate-mode: ISTIO_MUTUAL
EOF
kubectl apply --context="${CTX_CLUSTER1}" -f cluster1-ewgateway.yaml
kubectl --context="${CTX_CLUSTER1}" get svc istio-eastwestgateway -n istio-system
kubectl --context="${CTX_CLUSTER1}" get deploy,sa -n istio-system -l gateway.networking.k8s.io/gateway-name=istio-eastwestgateway --show-labels
kubectl --context="${CTX_CLUSTER1}" label svc helloworld -n sample istio.io/global="true"
kubectl create namespace istio-system --context="${CTX_CLUSTER2}"
kubectl --context="${CTX_CLUSTER2}" get namespace istio-system && \
  kubectl --context="${CTX_CLUSTER2}" label namespace istio-system topology.istio.io/network=network2
helm install istio-base istio/base -n istio-system --kube-context "${CTX_CLUSTER2}" > /dev/null
helm install istiod istio/istiod -n istio-system --kube-context "${CTX_CLUSTER2}" --set global.meshID=mesh1 --set global.multiCluster.clusterName=cluster2 --set global.network=network2 --set profile=ambient --set env.AMBIENT_ENABLE_MULTI_NETWORK="true" > /dev/null
helm install istio-cni istio/cni -n istio-system --kube-context "${CTX_CLUSTER2}" --set profile=ambient > /dev/null
helm install ztunnel istio/ztunnel -n istio-system --kube-context "${CTX_CLUSTER2}" > /dev/null
cat <<EOF > cluster2-ewgateway.yaml
kind: Gateway
apiVersion: gateway.networking.k8s.io/v1
metadata:
  name: istio-eastwestgateway
  namespace: istio-system
  labels:
    topology.istio.io/network: "network2"
spec:
  gatewayClassName: istio-east-west
  listeners:
  - name: mesh
    port: 15008
    protocol: HBONE
    tls:
      mode: Terminate # represents double-HBONE
      options:
        gateway.istio.io/tls-terminate-mode: ISTIO_MUTUAL
EOF
kubectl apply --context="${CTX_CLUSTER2}" -f cluster2-ewgateway.yaml
kubectl get crd gateways.gateway.networking.k8s.io --context="${CTX_CLUSTER2}" &> /dev/null || \
  { kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f - --context="${CTX_CLUSTER2}"; } > /dev/null
kubectl apply --context="${CTX_CLUSTER2}" -f cluster2-ewgateway.yaml
kubectl --context="${CTX_CLUSTER2}" get svc istio-eastwestgateway -n istio-system
istioctl create-remote-secret \
  --context="${CTX_CLUSTER1}" \
  --name=cluster1 | \
  kubectl apply -f - --context="${CTX_CLUSTER2}"
kubectl --context="${CTX_CLUSTER2}" get secret,sa -n istio-system
helm ls -A --kube-context "${CTX_CLUSTER2}"
