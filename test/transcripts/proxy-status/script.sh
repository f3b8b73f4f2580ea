# istioctl proxy-status (istioctl/pkg/proxystatus) reads istiod's /debug/syncz: every proxy connected
# to istiod with its xDS types. ztunnels watch WDS and WADS; a waypoint CDS, LDS and EDS (its routes are
# inline, listener_waypoint.go); an ingress gateway and a sidecar also RDS.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml > /dev/null
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f samples/bookinfo/gateway-api/bookinfo-gateway.yaml
kubectl annotate gateway bookinfo-gateway networking.istio.io/service-type=ClusterIP --namespace=default
kubectl wait --for=condition=programmed gtw bookinfo-gateway
kubectl create namespace legacy
kubectl label namespace legacy istio-injection=enabled
kubectl apply -n legacy -f samples/curl/curl.yaml > /dev/null
kubectl rollout status deployment/curl -n legacy
istioctl proxy-status
istioctl ps -n default
istioctl proxy-status -v 1
kubectl logs -n istio-system deploy/istiod | grep "new connection for node:waypoint"
kubectl logs deploy/waypoint | grep xdsproxy
