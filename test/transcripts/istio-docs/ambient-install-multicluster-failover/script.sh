# Istio 1.30 "Configure failover behavior in multicluster ambient installation"
# (docs/ambient/install/multicluster/failover), after the multi-primary install and the verify
# page's HelloWorld and curl (condensed: their goldens are ambient-install-multicluster-
# multi-primary-multi-network and ambient-install-multicluster-verify), on two kind clusters
# without MetalLB, as kind leaves them: the east-west gateways' EXTERNAL-IP stays <pending>, so
# neither istiod has an address for the other network's gateway and no remote endpoint exists
# (istiod: "No network gateway found"). The page's commands verbatim, in order. Its local
# preference holds (each cluster's waypoint sends to its own version), and after cluster1's v1
# is scaled to 0 its waypoint has no endpoint left: Envoy's 503 body `no healthy upstream`, as
# real Istio answers on such a kind setup; the page's failover to cluster2 needs the gateways'
# addresses (MetalLB, ambient-install-multicluster-verify-metallb), a waypoint's endpoints on
# other networks (its Envoy's double HBONE) and a shared root CA, which this playground does not
# have yet (README, Simplified).
# Added: the page's "repeat this request several times" as a loop of four.
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
samples/multicluster/gen-eastwest-gateway.sh --network network$c --ambient | kubectl --context="kind-cluster$c" apply -f - > /dev/null
done
istioctl create-remote-secret --context="${CTX_CLUSTER1}" --name=cluster1 --server=https://172.18.0.2:6443 | \
  kubectl apply -f - --context="${CTX_CLUSTER2}"
istioctl create-remote-secret --context="${CTX_CLUSTER2}" --name=cluster2 --server=https://cluster2-control-plane:6443 | \
  kubectl apply -f - --context="${CTX_CLUSTER1}"
for c in 1 2; do
kubectl create --context="kind-cluster$c" namespace sample > /dev/null
kubectl label --context="kind-cluster$c" namespace sample istio.io/dataplane-mode=ambient > /dev/null
kubectl apply --context="kind-cluster$c" -f samples/helloworld/helloworld.yaml -l service=helloworld -n sample > /dev/null
kubectl apply --context="kind-cluster$c" -f samples/helloworld/helloworld.yaml -l version=v$c -n sample > /dev/null
kubectl label --context="kind-cluster$c" svc helloworld -n sample istio.io/global="true" > /dev/null
kubectl apply --context="kind-cluster$c" -f samples/curl/curl.yaml -n sample > /dev/null
done
kubectl get pod --context="${CTX_CLUSTER1}" -n sample
kubectl get pod --context="${CTX_CLUSTER2}" -n sample
istioctl --context "${CTX_CLUSTER1}" waypoint apply --name waypoint --for service -n sample --wait
istioctl --context "${CTX_CLUSTER2}" waypoint apply --name waypoint --for service -n sample --wait
kubectl --context "${CTX_CLUSTER1}" get deployment waypoint --namespace sample
kubectl --context "${CTX_CLUSTER2}" get deployment waypoint --namespace sample
kubectl --context "${CTX_CLUSTER1}" label svc helloworld -n sample istio.io/use-waypoint=waypoint
kubectl --context "${CTX_CLUSTER2}" label svc helloworld -n sample istio.io/use-waypoint=waypoint
kubectl --context "${CTX_CLUSTER1}" label svc waypoint -n sample istio.io/global=true
kubectl --context "${CTX_CLUSTER2}" label svc waypoint -n sample istio.io/global=true
kubectl --context "${CTX_CLUSTER1}" apply -n sample -f - <<EOF2
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: helloworld
spec:
  host: helloworld.sample.svc.cluster.local
  trafficPolicy:
    outlierDetection:
      consecutive5xxErrors: 1
      interval: 1s
      baseEjectionTime: 1m
    loadBalancer:
      simple: ROUND_ROBIN
      localityLbSetting:
        enabled: true
        failoverPriority:
          - topology.istio.io/cluster
EOF2
kubectl --context "${CTX_CLUSTER2}" apply -n sample -f - <<EOF2
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: helloworld
spec:
  host: helloworld.sample.svc.cluster.local
  trafficPolicy:
    outlierDetection:
      consecutive5xxErrors: 1
      interval: 1s
      baseEjectionTime: 1m
    loadBalancer:
      simple: ROUND_ROBIN
      localityLbSetting:
        enabled: true
        failoverPriority:
          - topology.istio.io/cluster
EOF2
kubectl exec --context "${CTX_CLUSTER1}" -n sample -c curl \
    "$(kubectl get pod --context "${CTX_CLUSTER1}" -n sample -l \
    app=curl -o jsonpath='{.items[0].metadata.name}')" \
    -- curl -sS helloworld.sample:5000/hello
for i in 1 2 3 4; do kubectl exec --context "${CTX_CLUSTER1}" -n sample -c curl deploy/curl -- curl -sS helloworld.sample:5000/hello; done
kubectl exec --context "${CTX_CLUSTER2}" -n sample -c curl \
    "$(kubectl get pod --context "${CTX_CLUSTER2}" -n sample -l \
    app=curl -o jsonpath='{.items[0].metadata.name}')" \
    -- curl -sS helloworld.sample:5000/hello
for i in 1 2 3 4; do kubectl exec --context "${CTX_CLUSTER2}" -n sample -c curl deploy/curl -- curl -sS helloworld.sample:5000/hello; done
kubectl --context "${CTX_CLUSTER1}" scale --replicas=0 deployment/helloworld-v1 -n sample
kubectl exec --context "${CTX_CLUSTER1}" -n sample -c curl \
    "$(kubectl get pod --context "${CTX_CLUSTER1}" -n sample -l \
    app=curl -o jsonpath='{.items[0].metadata.name}')" \
    -- curl -sS helloworld.sample:5000/hello
for i in 1 2 3 4; do kubectl exec --context "${CTX_CLUSTER1}" -n sample -c curl deploy/curl -- curl -sS helloworld.sample:5000/hello; done
kubectl --context="${CTX_CLUSTER1}" logs -n istio-system deploy/istiod | grep 'network gateway'
