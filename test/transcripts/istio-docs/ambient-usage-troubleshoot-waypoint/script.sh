# Istio 1.30 "Troubleshoot issues with waypoints" (docs/ambient/usage/troubleshoot-waypoint): the
# page's commands verbatim, against what its example assumes: Bookinfo in an ambient default
# namespace with a namespace waypoint, reviews-svc-waypoint for the reviews Service and
# reviews-v2-pod-waypoint (waypoint-for workload) for the reviews v2 pod. Added: the setup, and
# Telemetry turning the waypoint's access log on (the page links to that task). The last two
# commands read the waypoint's Envoy admin (15000: /logging, /config_dump?include_eds=true);
# their tables follow istioctl/pkg/writer/envoy/configdump (PrintFullSummary).
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
istioctl waypoint apply --name reviews-svc-waypoint --wait
kubectl label service reviews istio.io/use-waypoint=reviews-svc-waypoint
istioctl waypoint apply --name reviews-v2-pod-waypoint --for workload --wait
kubectl label pod -l version=v2,app=reviews istio.io/use-waypoint=reviews-v2-pod-waypoint
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"
export REVIEWS_V2_POD_IP=$(kubectl get pod -l version=v2,app=reviews -o jsonpath='{.items[0].status.podIP}')
kubectl exec deploy/curl -- curl -s http://$REVIEWS_V2_POD_IP:9080/reviews/1
istioctl analyze
istioctl ztunnel-config service
istioctl ztunnel-config workload
istioctl proxy-status
kubectl apply -f - <<EOF
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: mesh-default
  namespace: istio-system
spec:
  accessLogging:
  - providers:
    - name: envoy
EOF
kubectl exec deploy/curl -- curl -s -o /dev/null http://productpage:9080/productpage
kubectl logs deploy/waypoint
istioctl pc log deploy/waypoint --level debug
istioctl proxy-config all deploy/waypoint
