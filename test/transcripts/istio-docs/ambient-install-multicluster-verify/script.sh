# Istio 1.30 "Verify the ambient installation" (docs/ambient/install/multicluster/verify), after
# the multi-primary page's install (its IstioOperator tab, condensed: the page's golden is
# ambient-install-multicluster-multi-primary-multi-network) with the remote secrets made with each
# control plane's address on kind's network (`--server`, as create-remote-secret's kind warning
# says). The verify page's commands verbatim. Added: what each istiod now reads of the other
# cluster (`istioctl zc services`: the global helloworld Service carries both clusters' VIPs,
# ordered by network; `-o json`: its `network/ip` vips), and a second `remote-clusters` after a secret
# naming an address nobody answers at (timeout after 30 s). kind without MetalLB leaves the
# east-west gateways' EXTERNAL-IP <pending>, so neither istiod has an address for the other
# network's gateway: no split-horizon workload is built (istiod warns "No network gateway found"),
# and each curl reaches its own cluster's version only (the page shows both: README, Simplified).
export CTX_CLUSTER1=kind-cluster1
export CTX_CLUSTER2=kind-cluster2
kubectl --context="${CTX_CLUSTER1}" create namespace istio-system > /dev/null
kubectl --context="${CTX_CLUSTER1}" label namespace istio-system topology.istio.io/network=network1 > /dev/null
kubectl --context="${CTX_CLUSTER2}" create namespace istio-system > /dev/null
kubectl --context="${CTX_CLUSTER2}" label namespace istio-system topology.istio.io/network=network2 > /dev/null
for c in 1 2; do
cat <<EOF2 > cluster$c.yaml
apiVersion: install.istio.io/v1alpha1
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
        clusterName: cluster$c
      network: network$c
EOF2
echo y | istioctl install --context="kind-cluster$c" -f cluster$c.yaml > /dev/null
kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f - --context="kind-cluster$c" > /dev/null
samples/multicluster/gen-eastwest-gateway.sh --network network$c --ambient | kubectl --context="kind-cluster$c" apply -f -
done
istioctl create-remote-secret --context="${CTX_CLUSTER1}" --name=cluster1 --server=https://172.18.0.2:6443 | \
  kubectl apply -f - --context="${CTX_CLUSTER2}"
istioctl create-remote-secret --context="${CTX_CLUSTER2}" --name=cluster2 --server=https://cluster2-control-plane:6443 | \
  kubectl apply -f - --context="${CTX_CLUSTER1}"
istioctl remote-clusters --context="${CTX_CLUSTER1}"
istioctl remote-clusters --context="${CTX_CLUSTER2}"
kubectl create --context="${CTX_CLUSTER1}" namespace sample
kubectl create --context="${CTX_CLUSTER2}" namespace sample
kubectl label --context="${CTX_CLUSTER1}" namespace sample \
    istio.io/dataplane-mode=ambient
kubectl label --context="${CTX_CLUSTER2}" namespace sample \
    istio.io/dataplane-mode=ambient
kubectl apply --context="${CTX_CLUSTER1}" \
    -f samples/helloworld/helloworld.yaml \
    -l service=helloworld -n sample
kubectl apply --context="${CTX_CLUSTER2}" \
    -f samples/helloworld/helloworld.yaml \
    -l service=helloworld -n sample
kubectl apply --context="${CTX_CLUSTER1}" \
    -f samples/helloworld/helloworld.yaml \
    -l version=v1 -n sample
kubectl get pod --context="${CTX_CLUSTER1}" -n sample -l app=helloworld
istioctl zc services --context="${CTX_CLUSTER1}" | grep -E '^NAMESPACE|^sample'
kubectl label --context="${CTX_CLUSTER1}" svc helloworld -n sample \
    istio.io/global="true"
istioctl zc services --context="${CTX_CLUSTER1}" | grep -E '^NAMESPACE|^sample'
kubectl apply --context="${CTX_CLUSTER2}" \
    -f samples/helloworld/helloworld.yaml \
    -l version=v2 -n sample
kubectl get pod --context="${CTX_CLUSTER2}" -n sample -l app=helloworld
kubectl label --context="${CTX_CLUSTER2}" svc helloworld -n sample \
    istio.io/global="true"
istioctl zc services --context="${CTX_CLUSTER1}" | grep -E '^NAMESPACE|^sample'
istioctl zc services --context="${CTX_CLUSTER2}" | grep -E '^NAMESPACE|^sample'
istioctl zc services --context="${CTX_CLUSTER1}" -o json | grep -A3 '"vips"' | grep -B1 -A2 network2
istioctl zc workloads --context="${CTX_CLUSTER1}" | grep -E '^NAMESPACE|^sample'
kubectl --context="${CTX_CLUSTER2}" get gateway istio-eastwestgateway -n istio-system
kubectl apply --context="${CTX_CLUSTER1}" \
    -f samples/curl/curl.yaml -n sample
kubectl apply --context="${CTX_CLUSTER2}" \
    -f samples/curl/curl.yaml -n sample
kubectl get pod --context="${CTX_CLUSTER1}" -n sample -l app=curl
kubectl get pod --context="${CTX_CLUSTER2}" -n sample -l app=curl
kubectl exec --context="${CTX_CLUSTER1}" -n sample -c curl \
    "$(kubectl get pod --context="${CTX_CLUSTER1}" -n sample -l \
    app=curl -o jsonpath='{.items[0].metadata.name}')" \
    -- curl -sS helloworld.sample:5000/hello
kubectl exec --context="${CTX_CLUSTER2}" -n sample -c curl \
    "$(kubectl get pod --context="${CTX_CLUSTER2}" -n sample -l \
    app=curl -o jsonpath='{.items[0].metadata.name}')" \
    -- curl -sS helloworld.sample:5000/hello
istioctl create-remote-secret --context="${CTX_CLUSTER2}" --name=cluster2 --server=https://172.18.0.99:6443 | \
  kubectl apply -f - --context="${CTX_CLUSTER1}"
istioctl remote-clusters --context="${CTX_CLUSTER1}"
istioctl zc services --context="${CTX_CLUSTER1}" | grep -E '^NAMESPACE|^sample'
sleep 30
istioctl remote-clusters --context="${CTX_CLUSTER1}"
kubectl --context="${CTX_CLUSTER1}" logs -n istio-system deploy/istiod | grep -E 'remote|cluster2|network gateway'
