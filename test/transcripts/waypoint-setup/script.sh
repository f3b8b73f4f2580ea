# Waypoints: Gateway API CRDs, a namespace waypoint, and what istioctl and ztunnel show of it.
kubectl apply -f samples/bookinfo/gateway-api/route-reviews-90-10.yaml
istioctl waypoint apply --enroll-namespace --wait
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply -f samples/bookinfo/platform/kube/bookinfo-versions.yaml > /dev/null
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml
kubectl get gatewayclass
istioctl waypoint generate --for service -n default
istioctl waypoint apply --enroll-namespace --wait
istioctl waypoint apply --enroll-namespace
kubectl get gateway
kubectl get gtw waypoint -o jsonpath='{.status.conditions[?(@.type=="Programmed")].message}{"\n"}'
kubectl get deploy,svc,sa -l gateway.networking.k8s.io/gateway-name=waypoint
istioctl waypoint list
istioctl waypoint list -A
istioctl waypoint status
istioctl waypoint status -A
kubectl get svc productpage -o jsonpath='{.status.conditions[0].message}{"\n"}'
istioctl waypoint status -n istio-system
istioctl zc services
kubectl apply -f samples/bookinfo/gateway-api/route-reviews-90-10.yaml
kubectl get httproute reviews -o jsonpath='{range .status.parents[0].conditions[*]}{.type}={.status} {.message}{"\n"}{end}'
kubectl label namespace default istio.io/use-waypoint-
istioctl waypoint delete --all
istioctl waypoint list
istioctl zc services
