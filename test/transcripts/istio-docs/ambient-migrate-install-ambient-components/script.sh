# Istio 1.30 "Migrate from sidecar to ambient: Install ambient components" (docs/ambient/migrate/
# install-ambient-components), on the sidecar mesh of "Before you begin" (default profile,
# Bookinfo and curl injected with istio-init; set-up output sent to /dev/null). Deviations:
# `istioctl upgrade` gets `-y` (the transcript cannot answer its y/N question); the page's `jq`
# check runs on a productpage pod for `<pod-name>`; `<namespace>` is default. Notes: the page's
# `kubectl get pods -n istio-system` expects an existing CNI pod, but the default profile has
# none: the upgrade adds istio-cni and ztunnel and prunes the ingress gateway, which the ambient
# profile does not enable (install.go prune). `kubectl rollout status deployment` without a name refuses several Deployments, as
# kubectl 1.34 does. Restarted sidecars carry ISTIO_META_ENABLE_HBONE and istio-validation
# (istio-cni now installs the rules) instead of istio-init. Beyond the page: the init containers
# before and after, one Deployment's rollout status and a request through both sidecars.
istioctl install -y > /dev/null 2>&1
kubectl label namespace default istio-injection=enabled > /dev/null
kubectl rollout restart deployment > /dev/null
kubectl wait --for=condition=Ready pod --all --timeout=60s > /dev/null
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
kubectl get pod -l app=productpage -o jsonpath='{.items[0].spec.initContainers[*].name}{"\n"}'
istioctl upgrade --set profile=ambient -y
kubectl get pods -n istio-system
kubectl get daemonset ztunnel -n istio-system
kubectl rollout restart deployment -n default
kubectl rollout status deployment -n default
kubectl rollout status deployment/productpage-v1 -n default
kubectl get pod -l app=productpage -o jsonpath='{.items[0].spec.initContainers[*].name}{"\n"}'
kubectl get pod $(kubectl get pod -l app=productpage -o jsonpath='{.items[0].metadata.name}') -n default -o json | \
    jq '.spec.initContainers[] | select(.name=="istio-proxy") | .env[] | select(.name=="ISTIO_META_ENABLE_HBONE")'
kubectl exec deploy/curl -- curl -sS productpage:9080/productpage | grep -o "<title>.*</title>"
istioctl waypoint apply -n default
kubectl get gateway waypoint -n default
kubectl get pods -n default -l gateway.istio.io/managed=istio.io-mesh-controller
