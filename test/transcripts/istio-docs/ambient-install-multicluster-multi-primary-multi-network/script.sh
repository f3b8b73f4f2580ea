# Istio 1.30 "Install ambient multi-primary on different networks"
# (docs/ambient/install/multicluster/multi-primary_multi-network), IstioOperator tab, on two kind
# clusters (`--clusters 2`; CTX_CLUSTER1/2 as "Before you begin" sets them). STOPS at
# "Configure cluster1 as a primary": the playground's istioctl does not simulate
# `components.pilot.k8s` (istiod's AMBIENT_ENABLE_MULTI_NETWORK env) and says so. The page's
# apiVersion typo (`insall.istio.io`) is kept verbatim. Not yet simulated, so not run:
# samples/multicluster/gen-eastwest-gateway.sh and the east-west gateway,
# `istioctl create-remote-secret`, endpoint discovery across clusters (README "Multicluster").
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
