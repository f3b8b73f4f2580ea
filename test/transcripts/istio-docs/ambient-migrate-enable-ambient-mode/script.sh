# Istio 1.30 "Migrate from sidecar to ambient: Enable ambient mode" (docs/ambient/migrate/
# enable-ambient-mode), steps 1-6 for `<namespace>` default, after "Install ambient components"
# (set-up, output sent to /dev/null: a default-profile sidecar mesh upgraded to ambient, its pods
# restarted with HBONE, a namespace waypoint deployed, an L7 AuthorizationPolicy by selector).
# Step 2's ztunnel-config shows the sidecar pods as HBONE: they still have their sidecars, which
# take precedence over ztunnel (istio-cni leaves them out). After step 4 the pods run without
# sidecars (1/1) and ztunnel captures them. `kubectl rollout status deployment` without a name
# refuses several Deployments, as kubectl 1.34 does; step 5 deletes the policy by its name.
istioctl install -y > /dev/null 2>&1
kubectl label namespace default istio-injection=enabled > /dev/null
kubectl rollout restart deployment > /dev/null
kubectl wait --for=condition=Ready pod --all --timeout=60s > /dev/null
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl upgrade --set profile=ambient -y > /dev/null 2>&1
kubectl rollout restart deployment -n default > /dev/null
kubectl wait --for=condition=Ready pod --all --timeout=60s > /dev/null
istioctl waypoint apply -n default --wait > /dev/null
kubectl apply -f - > /dev/null <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-get-reviews
spec:
  selector:
    matchLabels:
      app: reviews
  action: ALLOW
  rules:
  - to:
    - operation:
        methods: ["GET"]
EOF
kubectl label namespace default istio.io/use-waypoint=waypoint
kubectl get gateway waypoint -n default
kubectl label namespace default istio.io/dataplane-mode=ambient
istioctl ztunnel-config workloads -n istio-system | grep default
kubectl label namespace default istio-injection-
kubectl rollout restart deployment -n default
kubectl rollout status deployment -n default
kubectl delete authorizationpolicy allow-get-reviews -n default
kubectl get pods -n default
istioctl ztunnel-config workloads -n istio-system | grep default
kubectl exec deploy/curl -- curl -sS productpage:9080/productpage | grep -o "<title>.*</title>"
