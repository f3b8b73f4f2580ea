# Istio 1.30 "Circuit Breaking" (docs/tasks/traffic-management/circuit-breaking), verbatim, with
# sidecars as the page is written: Istio installed, automatic injection on, httpbin (the
# start-httpbin-service boilerplate), the page's DestinationRule (connectionPool: one connection,
# one pending request, one request per connection; outlierDetection), the fortio client from
# samples/httpbin/sample-client/fortio-deploy.yaml, one `fortio curl`, then loads at 2 and 3
# threads that trip the client sidecar's circuit breaker (503 `UO` with x-envoy-overloaded), and
# the sidecar's own stats for it. The numbers are the simulation's: sim-time durations, and as
# many overflows as the pool's accounting gives (the page's come from one real run). The
# `kubectl wait` is the learner's pause before exec (the page has none). The XFCC `Hash` in
# `fortio curl`'s body is of a certificate whose key is new every run: the golden redacts it.
istioctl install --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio-injection=enabled
kubectl apply -f samples/httpbin/httpbin.yaml
kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1alpha3
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
kubectl exec "$FORTIO_POD" -c istio-proxy -- pilot-agent request GET stats | grep httpbin | grep pending
kubectl delete destinationrule httpbin
kubectl delete -f samples/httpbin/sample-client/fortio-deploy.yaml
kubectl delete -f samples/httpbin/httpbin.yaml
