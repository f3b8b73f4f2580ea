# Istio 1.30 "Circuit Breaking" (docs/tasks/traffic-management/circuit-breaking) in ambient mode:
# the page has no ambient tab, so this is how a learner on an ambient cluster follows it. httpbin
# (the start-httpbin-service boilerplate) in an ambient namespace with a waypoint, which is where a
# DestinationRule's trafficPolicy applies in ambient: the waypoint's `inbound-vip|8000|http|…`
# cluster for httpbin gets the connectionPool and outlierDetection, so the waypoint trips the
# circuit breaker and its own stats count the overflows (the fortio pod has no sidecar).
# The XFCC `Hash` in `fortio curl`'s body is of a certificate whose key is new every run: the
# golden redacts it with sed. The `kubectl wait` is the learner's pause before exec.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f samples/httpbin/httpbin.yaml
kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: httpbin
spec:
  host: httpbin
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 1
      http:
        http1MaxPendingRequests: 1
        maxRequestsPerConnection: 1
    outlierDetection:
      consecutive5xxErrors: 1
      interval: 1s
      baseEjectionTime: 3m
      maxEjectionPercent: 100
EOF
kubectl get destinationrule httpbin -o yaml
kubectl apply -f samples/httpbin/sample-client/fortio-deploy.yaml
kubectl wait --for=condition=ready pod --all --timeout=120s > /dev/null
export FORTIO_POD=$(kubectl get pods -lapp=fortio -o 'jsonpath={.items[0].metadata.name}')
kubectl exec "$FORTIO_POD" -c fortio -- /usr/bin/fortio curl -quiet http://httpbin:8000/get | sed 's/Hash=[a-z0-9]*;/Hash=<redacted>;/'
kubectl exec "$FORTIO_POD" -c fortio -- /usr/bin/fortio load -c 2 -qps 0 -n 20 -loglevel Warning http://httpbin:8000/get
kubectl exec "$FORTIO_POD" -c fortio -- /usr/bin/fortio load -c 3 -qps 0 -n 30 -loglevel Warning http://httpbin:8000/get
kubectl exec deploy/waypoint -c istio-proxy -- pilot-agent request GET stats | grep httpbin | grep pending
kubectl delete destinationrule httpbin
kubectl delete -f samples/httpbin/sample-client/fortio-deploy.yaml
kubectl delete -f samples/httpbin/httpbin.yaml
