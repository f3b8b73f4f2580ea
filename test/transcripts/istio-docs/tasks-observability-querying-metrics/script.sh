# Istio's "Querying Metrics from Prometheus" (docs/tasks/observability/metrics/querying-metrics), on
# ambient: istio_requests_total comes from L7 proxies, so Bookinfo's namespace gets a waypoint.
# The page's browser steps become what the playground can show: `istioctl dashboard prometheus`
# (then Ctrl-C), and the page's queries sent to Prometheus's HTTP API from the curl pod, trimmed
# with jq. Prometheus scrapes every 15 s (its scrape_interval), so `sleep 15` lets one scrape pass.
istioctl install --set profile=ambient --skip-confirmation
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.0/experimental-install.yaml > /dev/null
kubectl label namespace default istio.io/dataplane-mode=ambient
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f samples/addons/prometheus.yaml
kubectl -n istio-system get svc prometheus
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 12); do curl -s -o /dev/null http://productpage:9080/productpage; done"
istioctl dashboard prometheus
^C
sleep 15
kubectl exec deploy/curl -- curl -s 'http://prometheus.istio-system:9090/api/v1/query?query=istio_requests_total' | jq -c '.data.result[] | [.metric.reporter, .metric.source_workload, .metric.destination_service, .metric.response_code, .value[1]]'
kubectl exec deploy/curl -- curl -s -G 'http://prometheus.istio-system:9090/api/v1/query' --data-urlencode 'query=istio_requests_total{destination_service="productpage.default.svc.cluster.local"}' | jq -c '.data.result[].metric | {reporter, source_workload, destination_workload, connection_security_policy}'
kubectl exec deploy/curl -- curl -s -G 'http://prometheus.istio-system:9090/api/v1/query' --data-urlencode 'query=istio_requests_total{destination_service="reviews.default.svc.cluster.local", destination_version="v3"}' | jq -c '.data.result[] | [.metric.destination_workload, .value[1]]'
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 12); do curl -s -o /dev/null http://productpage:9080/productpage; done"
sleep 15
kubectl exec deploy/curl -- curl -s -G 'http://prometheus.istio-system:9090/api/v1/query' --data-urlencode 'query=rate(istio_requests_total{destination_service=~"productpage.*", response_code="200"}[5m])' | jq -c '.data.result[] | [.metric.reporter, .value[1]]'
kubectl exec deploy/curl -- curl -s -G 'http://prometheus.istio-system:9090/api/v1/query' --data-urlencode 'query=sum by (destination_workload) (istio_requests_total{reporter="waypoint"})'
# Beyond the subset the playground evaluates, and a query Prometheus cannot parse:
kubectl exec deploy/curl -- curl -s -G 'http://prometheus.istio-system:9090/api/v1/query' --data-urlencode 'query=histogram_quantile(0.5, istio_request_duration_milliseconds_bucket)'
kubectl exec deploy/curl -- curl -s -G 'http://prometheus.istio-system:9090/api/v1/query' --data-urlencode 'query=istio_requests_total{reporter=}'
