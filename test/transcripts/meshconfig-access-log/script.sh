# Istio's "Envoy Access Logs" task, meshConfig way: istioctl install --set meshConfig.accessLogFile=/dev/stdout
# turns on the waypoint's Envoy file access log where no Telemetry decides (istiod's
# buildListenerAccessLog falls back to MeshConfig); installing again without it turns it off.
istioctl install --set profile=ambient --set meshConfig.accessLogFile=/dev/stdout --skip-confirmation > /dev/null 2>&1
kubectl get cm istio -n istio-system -o jsonpath='{.data.mesh}'
echo
kubectl label ns default istio.io/dataplane-mode=ambient
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://productpage:9080/productpage
kubectl logs deploy/waypoint | tail -1
istioctl install --set profile=ambient --set meshConfig.accessLogEncoding=JSON -y
istioctl install --set profile=ambient -y > /dev/null 2>&1
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://reviews:9080/reviews/1
kubectl logs deploy/waypoint | tail -1
