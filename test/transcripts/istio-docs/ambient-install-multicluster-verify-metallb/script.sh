# Istio 1.30 "Verify the ambient installation" (docs/ambient/install/multicluster/verify) on kind
# with MetalLB, as the multi-primary page's note for kind suggests (boilerplate
# multi-cluster-with-metallb) and istio's own kind setup does it (common/scripts/
# kind_provisioner.sh install_metallb: metallb-native.yaml, wait for the app=metallb pods, then
# an IPAddressPool from the end of kind's docker network, 172.18.0.0/16, and an L2Advertisement;
# one range per cluster). Then the install (condensed: ambient-install-multicluster-verify has
# it, and the same page without MetalLB) and the verify page's commands verbatim. The east-west
# gateways now get an EXTERNAL-IP and their Gateways an address (Programmed), so each istiod
# finds the other network's gateway: no "No network gateway found" warning, the global
# helloworld has a split-horizon endpoint behind cluster2's gateway (`zc workloads`: no address,
# the gateway's network workload in istio-system) and the SANs of cluster2's workloads.
# The page's curls alternate between the local version and the other network's. A request
# ztunnel sends to the other network crosses kind's docker network to cluster2's east-west
# gateway (double HBONE), but the clusters do not share a root CA: "Before you begin"'s plug-in
# `cacerts` (tools/certs/Makefile.selfsigned.mk) is not simulated, so each istiod signs with its
# own self-signed root and the outer handshake fails, as it does on a real pair of clusters
# without a shared root (ztunnel's access log: `tls error: certificate signed by unknown
# authority`; curl: connection reset). With a shared root real Istio answers with v2.
export CTX_CLUSTER1=kind-cluster1
export CTX_CLUSTER2=kind-cluster2
for c in 1 2; do
kubectl apply --context="kind-cluster$c" -f https://raw.githubusercontent.com/metallb/metallb/v0.14.3/config/manifests/metallb-native.yaml
kubectl wait --context="kind-cluster$c" -n metallb-system pod --timeout=120s -l app=metallb --for=condition=Ready
cat <<EOF2 | kubectl apply --context="kind-cluster$c" -f -
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: default-pool
  namespace: metallb-system
spec:
  addresses:
  - 172.18.255.${c}00-172.18.255.${c}19
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: default-l2
  namespace: metallb-system
spec:
  ipAddressPools:
  - default-pool
EOF2
done
kubectl get ipaddresspools -n metallb-system --context="${CTX_CLUSTER2}"
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
samples/multicluster/gen-eastwest-gateway.sh --network network$c --ambient | kubectl --context="kind-cluster$c" apply -f - > /dev/null
done
istioctl create-remote-secret --context="${CTX_CLUSTER1}" --name=cluster1 --server=https://172.18.0.2:6443 | \
  kubectl apply -f - --context="${CTX_CLUSTER2}" > /dev/null
istioctl create-remote-secret --context="${CTX_CLUSTER2}" --name=cluster2 --server=https://cluster2-control-plane:6443 | \
  kubectl apply -f - --context="${CTX_CLUSTER1}" > /dev/null
kubectl --context="${CTX_CLUSTER1}" get svc istio-eastwestgateway -n istio-system
kubectl --context="${CTX_CLUSTER2}" get svc istio-eastwestgateway -n istio-system
kubectl --context="${CTX_CLUSTER2}" get gateway istio-eastwestgateway -n istio-system
kubectl --context="${CTX_CLUSTER2}" describe svc istio-eastwestgateway -n istio-system | sed -n '/^Annotations/p;/^LoadBalancer Ingress/p;/^Events/,$p'
istioctl remote-clusters --context="${CTX_CLUSTER1}"
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
istioctl zc workloads --context="${CTX_CLUSTER1}" | grep -E '^NAMESPACE|^sample|NetworkGateway'
istioctl zc services --context="${CTX_CLUSTER1}" -o json | grep -A2 '"subjectAltNames": \[$'
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
for i in 1 2 3 4; do kubectl exec --context="${CTX_CLUSTER1}" -n sample -c curl deploy/curl -- curl -sS helloworld.sample:5000/hello; done
kubectl --context="${CTX_CLUSTER1}" logs -n istio-system -l app=ztunnel --tail=-1 | grep 'direction="outbound"' | grep error | head -1
kubectl --context="${CTX_CLUSTER1}" logs -n istio-system deploy/istiod | grep -c 'No network gateway found'
