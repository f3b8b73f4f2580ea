# Istio 1.30 "Install ambient multi-primary on different networks"
# (docs/ambient/install/multicluster/multi-primary_multi-network) on two kind clusters
# (`--clusters 2`; CTX_CLUSTER1/2 as "Before you begin" sets them). STOPS at "Configure cluster1
# as a primary", in both tabs: the playground's istioctl does not simulate `components.pilot.k8s`
# (istiod's AMBIENT_ENABLE_MULTI_NETWORK env), its helm chart not the meshID, clusterName and
# network values, and each says so. The IstioOperator tab first (the page's apiVersion typo
# `insall.istio.io` kept verbatim), then the Helm tab after the Helm prerequisites' `helm repo add`
# (its base chart fails as the page gives it: istio-system does not exist yet; the install guide
# creates it). Not yet simulated, so not run:
# samples/multicluster/gen-eastwest-gateway.sh and the east-west gateway,
# `istioctl create-remote-secret`, endpoint discovery across clusters (README, "Two clusters": left).
export CTX_CLUSTER1=kind-cluster1
export CTX_CLUSTER2=kind-cluster2
kubectl --context="${CTX_CLUSTER1}" get namespace istio-system && \
  kubectl --context="${CTX_CLUSTER1}" label namespace istio-system topology.istio.io/network=network1
cat <<EOF > cluster1.yaml
apiVersion: insall.istio.io/v1alpha1
kind: IstioOperator
spec:
  profile: ambient
  components:
    pilot:
      k8s:
        env:
          - name: AMBIENT_ENABLE_MULTI_NETWORK
            value: "true"
  values:
    global:
      meshID: mesh1
      multiCluster:
        clusterName: cluster1
      network: network1
EOF
istioctl install --context="${CTX_CLUSTER1}" -f cluster1.yaml
kubectl --context="${CTX_CLUSTER1}" get pods -n istio-system
helm repo add istio https://istio-release.storage.googleapis.com/charts
helm repo update
helm install istio-base istio/base -n istio-system --kube-context "${CTX_CLUSTER1}"
kubectl create namespace istio-system --context="${CTX_CLUSTER1}"
helm install istio-base istio/base -n istio-system --kube-context "${CTX_CLUSTER1}"
helm install istiod istio/istiod -n istio-system --kube-context "${CTX_CLUSTER1}" --set global.meshID=mesh1 --set global.multiCluster.clusterName=cluster1 --set global.network=network1 --set profile=ambient --set env.AMBIENT_ENABLE_MULTI_NETWORK="true"
helm ls -A --kube-context "${CTX_CLUSTER1}"
helm ls -A --kube-context "${CTX_CLUSTER2}"
