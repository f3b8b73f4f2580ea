# Istio 1.30 "TCP Traffic Shifting" (docs/tasks/traffic-management/tcp-traffic-shifting), its
# Gateway API tab, as a learner in ambient mode follows it: the namespace is enrolled in ambient
# instead of injected. The samples, the tcp-echo servers and the curl pod's `(date; sleep 1) | nc`
# work; the golden stops where the page sends TCP through the ingress gateway: TCPRoute (and the
# classic tab's TCP Gateway server) is not simulated, so tcp-echo-gateway gets no listener for it
# and the route no status (README, Simplified). Before that point, tcp-echo answers in-mesh.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.0/experimental-install.yaml > /dev/null
kubectl create namespace istio-io-tcp-traffic-shifting
kubectl label namespace istio-io-tcp-traffic-shifting istio.io/dataplane-mode=ambient
kubectl apply -f samples/curl/curl.yaml -n istio-io-tcp-traffic-shifting
kubectl apply -f samples/tcp-echo/tcp-echo-services.yaml -n istio-io-tcp-traffic-shifting
kubectl wait --for=condition=ready pod -l app=tcp-echo -n istio-io-tcp-traffic-shifting > /dev/null
kubectl wait --for=condition=ready pod -l app=curl -n istio-io-tcp-traffic-shifting > /dev/null
kubectl exec deploy/curl -n istio-io-tcp-traffic-shifting -- sh -c "(date; sleep 1) | nc tcp-echo 9000"
kubectl apply -f samples/tcp-echo/gateway-api/tcp-echo-all-v1.yaml -n istio-io-tcp-traffic-shifting
kubectl get tcproute tcp-echo -n istio-io-tcp-traffic-shifting -o jsonpath='{.status}{"\n"}'
kubectl get svc tcp-echo-gateway-istio -n istio-io-tcp-traffic-shifting
