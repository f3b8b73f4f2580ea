# Istio 1.30 "Install ambient multi-primary on different networks"
# (docs/ambient/install/multicluster/multi-primary_multi-network), IstioOperator tab, on two kind
# clusters (`--clusters 2`; CTX_CLUSTER1/2 as "Before you begin" sets them); the Helm tab is
# ambient-install-multicluster-multi-primary-multi-network-helm. The page's commands verbatim,
# its typos too: `insall.istio.io` (istioctl reads the kind, not the apiVersion) and cluster2's
# `kubectl apply … install -f -` (kubectl refuses the extra argument, so the east-west gateway
# is applied again without it, after the Gateway API CRDs the page installs in cluster1 only:
# cluster2 has none, so its Gateway would be refused). Added: `echo y |` where the page's istioctl asks (a terminal
# answers), what the page tells to wait for or check (the gateway's status, istio-system's
# network label, istiod's env and logs), and "Expose services" fails as on a real cluster: the
# page labels helloworld before the verify page deploys it. Without MetalLB (the page's note for
# kind) the east-west gateways' EXTERNAL-IP stays <pending>. create-remote-secret warns that
# kind's kubeconfig server (127.0.0.1) is not reachable from a pod, and istiod reports that
# remote cluster unsynced after 30 s (`istioctl remote-clusters`, the verify page's first check:
# syncing, then timeout); the secrets are made again with each control plane's address on kind's
# network (`--server`, as the warning says), which istiod reports synced (it does not read the
# remote cluster yet: README, Simplified).
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
echo y | istioctl install --context="${CTX_CLUSTER1}" -f cluster1.yaml
kubectl --context="${CTX_CLUSTER1}" get namespace istio-system --show-labels
kubectl --context="${CTX_CLUSTER1}" -n istio-system get deploy istiod -o jsonpath='{range .spec.template.spec.containers[0].env[*]}{.name}={.value}{"\n"}{end}' | grep -E 'CLUSTER_ID|MULTI_NETWORK'
kubectl --context="${CTX_CLUSTER1}" -n istio-system get ds ztunnel -o jsonpath='{range .spec.template.spec.containers[0].env[*]}{.name}={.value}{"\n"}{end}' | grep -E 'NETWORK|CLUSTER_ID'
kubectl get crd gateways.gateway.networking.k8s.io --context="${CTX_CLUSTER1}" &> /dev/null || \
  { kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f - --context="${CTX_CLUSTER1}"; }
samples/multicluster/gen-eastwest-gateway.sh \
    --network network1 \
    --ambient | \
    kubectl --context="${CTX_CLUSTER1}" apply -f -
kubectl --context="${CTX_CLUSTER1}" get svc istio-eastwestgateway -n istio-system
kubectl --context="${CTX_CLUSTER1}" get gatewayclass istio-east-west
kubectl --context="${CTX_CLUSTER1}" get gateway istio-eastwestgateway -n istio-system
kubectl --context="${CTX_CLUSTER1}" get pods -n istio-system -l gateway.networking.k8s.io/gateway-name=istio-eastwestgateway
kubectl --context="${CTX_CLUSTER1}" label svc helloworld -n sample istio.io/global="true"
kubectl --context="${CTX_CLUSTER2}" get namespace istio-system && \
  kubectl --context="${CTX_CLUSTER2}" label namespace istio-system topology.istio.io/network=network2
cat <<EOF > cluster2.yaml
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
        clusterName: cluster2
      network: network2
EOF
echo y | istioctl install --context="${CTX_CLUSTER2}" -f cluster2.yaml
samples/multicluster/gen-eastwest-gateway.sh \
    --network network2 \
    --ambient | \
    kubectl apply --context="${CTX_CLUSTER2}" install -f -
kubectl get crd gateways.gateway.networking.k8s.io --context="${CTX_CLUSTER2}" &> /dev/null || \
  { kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f - --context="${CTX_CLUSTER2}"; }
samples/multicluster/gen-eastwest-gateway.sh \
    --network network2 \
    --ambient | \
    kubectl apply --context="${CTX_CLUSTER2}" -f -
kubectl --context="${CTX_CLUSTER2}" get svc istio-eastwestgateway -n istio-system
kubectl --context="${CTX_CLUSTER2}" label svc helloworld -n sample istio.io/global="true"
istioctl create-remote-secret \
  --context="${CTX_CLUSTER1}" \
  --name=cluster1 | \
  kubectl apply -f - --context="${CTX_CLUSTER2}"
istioctl create-remote-secret \
  --context="${CTX_CLUSTER2}" \
  --name=cluster2 | \
  kubectl apply -f - --context="${CTX_CLUSTER1}"
kubectl --context="${CTX_CLUSTER1}" get secret -n istio-system -l istio/multiCluster=true --show-labels
istioctl remote-clusters --context="${CTX_CLUSTER1}"
sleep 30
kubectl --context="${CTX_CLUSTER1}" logs -n istio-system deploy/istiod | grep -E 'primary cluster|remote'
istioctl remote-clusters --context="${CTX_CLUSTER1}"
istioctl create-remote-secret --context="${CTX_CLUSTER1}" --name=cluster1 --server=https://172.18.0.2:6443 | grep -E 'name|server'
istioctl create-remote-secret --context="${CTX_CLUSTER1}" --name=cluster1 --server=https://172.18.0.2:6443 | \
  kubectl apply -f - --context="${CTX_CLUSTER2}"
istioctl create-remote-secret --context="${CTX_CLUSTER2}" --name=cluster2 --server=https://172.18.0.5:6443 | \
  kubectl apply -f - --context="${CTX_CLUSTER1}"
sleep 30
kubectl --context="${CTX_CLUSTER2}" logs -n istio-system deploy/istiod | grep -E 'primary cluster|remote'
istioctl remote-clusters --context="${CTX_CLUSTER2}"
