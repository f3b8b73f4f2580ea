# Istio 1.30 "TCP Traffic Shifting" (docs/tasks/traffic-management/tcp-traffic-shifting), its
# Gateway API tab, as a learner in ambient mode follows it: the namespace is enrolled in ambient
# instead of injected, and Istio is installed with the ambient profile plus the page's
# "experimental features" boilerplate (`PILOT_ENABLE_ALPHA_GATEWAY_API=true`, the experimental
# CRDs). istiod then accepts the Gateway's TCP listener and the TCPRoutes; the gateway proxies
# each connection to the backend the route picks by weight (Envoy's tcp_proxy
# weighted_clusters). On kind the Gateway is never Programmed (no load balancer), so the wait
# times out as it does there and INGRESS_HOST/TCP_INGRESS_PORT come from the ingress-control
# page's node-port steps. The 80/20 split is a random draw per connection, as on a real
# cluster: the seeded sim makes this run's draw repeatable, not exact (20 connections). Extra:
# one line each of the listener's and the route's status, and waits for the pods.
istioctl install --set profile=ambient --set values.pilot.env.PILOT_ENABLE_ALPHA_GATEWAY_API=true --skip-confirmation > /dev/null 2>&1
kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd/experimental?ref=v1.5.0" | kubectl apply -f - > /dev/null
kubectl create namespace istio-io-tcp-traffic-shifting
kubectl label namespace istio-io-tcp-traffic-shifting istio.io/dataplane-mode=ambient
kubectl apply -f samples/curl/curl.yaml -n istio-io-tcp-traffic-shifting
kubectl apply -f samples/tcp-echo/tcp-echo-services.yaml -n istio-io-tcp-traffic-shifting
kubectl apply -f samples/tcp-echo/gateway-api/tcp-echo-all-v1.yaml -n istio-io-tcp-traffic-shifting
kubectl wait --for=condition=programmed gtw tcp-echo-gateway -n istio-io-tcp-traffic-shifting
export INGRESS_HOST=$(kubectl get gtw tcp-echo-gateway -n istio-io-tcp-traffic-shifting -o jsonpath='{.status.addresses[*].value}')
export TCP_INGRESS_PORT=$(kubectl get gtw tcp-echo-gateway -n istio-io-tcp-traffic-shifting -o jsonpath='{.spec.listeners[?(@.name=="tcp-31400")].port}')
echo "INGRESS_HOST=$INGRESS_HOST, TCP_INGRESS_PORT=$TCP_INGRESS_PORT"
kubectl get svc tcp-echo-gateway-istio -n istio-io-tcp-traffic-shifting
export TCP_INGRESS_PORT=$(kubectl -n istio-io-tcp-traffic-shifting get service tcp-echo-gateway-istio -o jsonpath='{.spec.ports[?(@.name=="tcp-31400")].nodePort}')
export INGRESS_HOST=$(kubectl get po -l gateway.networking.k8s.io/gateway-name=tcp-echo-gateway -n istio-io-tcp-traffic-shifting -o jsonpath='{.items[0].status.hostIP}')
kubectl get gtw tcp-echo-gateway -n istio-io-tcp-traffic-shifting -o jsonpath='{.status.listeners[0].attachedRoutes} {.status.listeners[0].supportedKinds[*].kind} {.status.listeners[0].conditions[?(@.type=="Accepted")].reason}{"\n"}'
kubectl get tcproute tcp-echo -n istio-io-tcp-traffic-shifting -o jsonpath='{.status.parents[0].conditions[*].reason}{"\n"}'
kubectl wait --for=condition=ready pod -l app=tcp-echo -n istio-io-tcp-traffic-shifting > /dev/null
kubectl wait --for=condition=ready pod -l app=curl -n istio-io-tcp-traffic-shifting > /dev/null
export CURL=$(kubectl get pod -l app=curl -n istio-io-tcp-traffic-shifting -o jsonpath={.items..metadata.name})
for i in {1..20}; do \
kubectl exec "$CURL" -c curl -n istio-io-tcp-traffic-shifting -- sh -c "(date; sleep 1) | nc $INGRESS_HOST $TCP_INGRESS_PORT"; \
done
kubectl apply -f samples/tcp-echo/gateway-api/tcp-echo-20-v2.yaml -n istio-io-tcp-traffic-shifting
kubectl get tcproute tcp-echo -o yaml -n istio-io-tcp-traffic-shifting
export CURL=$(kubectl get pod -l app=curl -n istio-io-tcp-traffic-shifting -o jsonpath={.items..metadata.name})
for i in {1..20}; do \
kubectl exec "$CURL" -c curl -n istio-io-tcp-traffic-shifting -- sh -c "(date; sleep 1) | nc $INGRESS_HOST $TCP_INGRESS_PORT"; \
done
kubectl delete -f samples/tcp-echo/gateway-api/tcp-echo-all-v1.yaml -n istio-io-tcp-traffic-shifting
kubectl delete -f samples/curl/curl.yaml -n istio-io-tcp-traffic-shifting
kubectl delete -f samples/tcp-echo/tcp-echo-services.yaml -n istio-io-tcp-traffic-shifting
kubectl delete namespace istio-io-tcp-traffic-shifting
