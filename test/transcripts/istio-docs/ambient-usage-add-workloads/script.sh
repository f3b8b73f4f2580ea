# Istio 1.30 "Add workloads to the mesh" (docs/ambient/usage/add-workloads): the page has no
# command listing; this walks its pod selection logic and label reference on Bookinfo: a pod
# label enrols one pod, a namespace label all, `istio.io/dataplane-mode=none` opts a pod out,
# sidecar injection takes precedence over ambient, and `istio.io/use-waypoint` takes `name`,
# `namespace/name` or `#none`, effective only for a waypoint that serves that traffic type.
# Neither `#none` nor `shared/shared-waypoint` is a valid label value, and Kubernetes refuses
# both: Istio 1.30 reads `none` and the `istio.io/use-waypoint-namespace` label instead
# (pilot/pkg/serviceregistry/ambient/waypoints.go getUseWaypoint).
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label pod -l app=details istio.io/dataplane-mode=ambient
istioctl ztunnel-config workloads --workload-namespace default
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl label pod -l app=ratings istio.io/dataplane-mode=none
istioctl ztunnel-config workloads --workload-namespace default
kubectl create namespace both
kubectl label namespace both istio-injection=enabled istio.io/dataplane-mode=ambient
kubectl apply -n both -f samples/httpbin/httpbin.yaml > /dev/null
kubectl rollout status -n both deploy/httpbin
kubectl get pods -n both
kubectl get pods -n both -o jsonpath='{.items[0].metadata.annotations.ambient\.istio\.io/redirection}{"|"}{.items[0].metadata.annotations.sidecar\.istio\.io/status}{"\n"}'
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply -n default --enroll-namespace --wait
kubectl label service details istio.io/use-waypoint='#none'
kubectl label service details istio.io/use-waypoint=none
kubectl create namespace shared
istioctl waypoint apply -n shared --name shared-waypoint --wait
kubectl label service reviews istio.io/use-waypoint=shared/shared-waypoint
kubectl label service reviews istio.io/use-waypoint=shared-waypoint istio.io/use-waypoint-namespace=shared
istioctl ztunnel-config services --service-namespace default
kubectl label pod -l app=productpage istio.io/use-waypoint=waypoint
istioctl ztunnel-config workloads --workload-namespace default
kubectl get svc reviews -o jsonpath='{.status.conditions[0].reason}: {.status.conditions[0].message}{"\n"}'
kubectl get gateway shared-waypoint -n shared -o jsonpath='{.spec.listeners[0].allowedRoutes}{"\n"}'
kubectl patch gateway shared-waypoint -n shared --type merge -p '{"spec":{"listeners":[{"name":"mesh","port":15008,"protocol":"HBONE","allowedRoutes":{"namespaces":{"from":"All"}}}]}}'
istioctl ztunnel-config services --service-namespace default
kubectl get svc reviews -o jsonpath='{.status.conditions[0].reason}: {.status.conditions[0].message}{"\n"}'
kubectl exec deploy/curl -- curl -s http://reviews:9080/reviews/1 -o /dev/null -w "%{http_code}\n"
kubectl logs -n shared deploy/shared-waypoint --tail 1
