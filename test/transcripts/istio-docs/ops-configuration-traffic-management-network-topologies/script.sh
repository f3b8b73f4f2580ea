# Istio 1.30 "Configuring Gateway Network Topology" (docs/ops/configuration/traffic-management/
# network-topologies), its X-Forwarded-For example verbatim on kind. `istioctl install -f
# topology.yaml` asks to proceed: `echo y |` answers as the learner would. The gateway's
# connection manager trusts two proxies in front of it (xff_num_trusted_hops: 2), so the trusted
# client address is the second entry from the right of the client's X-Forwarded-For, which it
# names in X-Envoy-External-Address, and it appends its peer (on kind the docker host's
# 172.18.0.1, the curl here running there) to X-Forwarded-For, with a "," and no space as
# Envoy's appendXff does (the page's output is hand-written). On kind the Service gets no load
# balancer address, so GATEWAY_URL is empty and the page's curl fails; the script then takes the
# ingress-control page's node-port steps. Extra, not the page's: a remoteIpBlocks
# AuthorizationPolicy matching the trusted address (ipBlocks still see the peer), and the
# per-gateway `proxy.istio.io/config` annotation. Not simulated (README): forwardClientCertDetails
# and the PROXY protocol.
cat <<EOF > topology.yaml
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
spec:
  meshConfig:
    defaultConfig:
      gatewayTopology:
        numTrustedProxies: 2
EOF
echo y | istioctl install -f topology.yaml
kubectl create namespace httpbin
kubectl label --overwrite namespace httpbin istio-injection=enabled
kubectl apply -n httpbin -f samples/httpbin/httpbin.yaml
kubectl apply -n httpbin -f samples/httpbin/httpbin-gateway.yaml
export GATEWAY_URL=$(kubectl -n istio-system get service istio-ingressgateway -o jsonpath='{.status.loadBalancer.ingress[0].ip}')
curl -H 'X-Forwarded-For: 56.5.6.7, 72.9.5.6, 98.1.2.3' "$GATEWAY_URL"/get?show_env=true
# The ingress-control page's node-port steps.
export INGRESS_PORT=$(kubectl -n istio-system get service istio-ingressgateway -o jsonpath='{.spec.ports[?(@.name=="http2")].nodePort}')
export INGRESS_HOST=$(kubectl get po -l istio=ingressgateway -n istio-system -o jsonpath='{.items[0].status.hostIP}')
export GATEWAY_URL=$INGRESS_HOST:$INGRESS_PORT
kubectl wait --for=condition=ready pod --all -n httpbin > /dev/null
curl -H 'X-Forwarded-For: 56.5.6.7, 72.9.5.6, 98.1.2.3' "$GATEWAY_URL"/get?show_env=true
# Not on the page: fewer X-Forwarded-For entries than trusted hops, and none at all: Envoy falls
# back to the peer's address.
curl -s -H 'X-Forwarded-For: 98.1.2.3' "$GATEWAY_URL"/get | jq -c '[.headers["X-Envoy-External-Address"], .headers["X-Forwarded-For"], .origin]'
curl -s "$GATEWAY_URL"/get | jq -c '[.headers["X-Envoy-External-Address"], .headers["X-Forwarded-For"], .origin]'
# Not on the page: remoteIpBlocks match the trusted client address, ipBlocks the peer.
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ingress-policy
  namespace: istio-system
spec:
  selector:
    matchLabels:
      app: istio-ingressgateway
  action: DENY
  rules:
  - from:
    - source:
        remoteIpBlocks: ["72.9.5.0/24"]
EOF
curl -s -o /dev/null -w "%{http_code}\n" -H 'X-Forwarded-For: 56.5.6.7, 72.9.5.6, 98.1.2.3' "$GATEWAY_URL"/get
curl -s -o /dev/null -w "%{http_code}\n" -H 'X-Forwarded-For: 72.9.5.6, 56.5.6.7, 98.1.2.3' "$GATEWAY_URL"/get
istioctl proxy-config log deploy/istio-ingressgateway -n istio-system --level rbac:debug > /dev/null
curl -s -o /dev/null -w "%{http_code}\n" -H 'X-Forwarded-For: 56.5.6.7, 72.9.5.6, 98.1.2.3' "$GATEWAY_URL"/get
kubectl logs deploy/istio-ingressgateway -n istio-system | grep "checking request" | tail -1 | cut -d, -f2-4
kubectl delete authorizationpolicy ingress-policy -n istio-system
# Not on the page: one gateway's own ProxyConfig, its pods' proxy.istio.io/config annotation.
kubectl patch deployment istio-ingressgateway -n istio-system -p '{"spec":{"template":{"metadata":{"annotations":{"proxy.istio.io/config":"{\"gatewayTopology\" : { \"numTrustedProxies\": 1 } }"}}}}}'
kubectl rollout status deployment/istio-ingressgateway -n istio-system
export INGRESS_HOST=$(kubectl get po -l istio=ingressgateway -n istio-system -o jsonpath='{.items[0].status.hostIP}')
export GATEWAY_URL=$INGRESS_HOST:$INGRESS_PORT
curl -s -H 'X-Forwarded-For: 56.5.6.7, 72.9.5.6, 98.1.2.3' "$GATEWAY_URL"/get | jq -c '[.headers["X-Envoy-External-Address"], .headers["X-Forwarded-For"]]'
kubectl delete namespace httpbin
