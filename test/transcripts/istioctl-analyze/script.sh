# istioctl analyze on a live cluster (istioctl/pkg/analyze, 1.30.3): the injection, conditions,
# VirtualService destination and DestinationRule subset analyzers, their messages
# (pkg/config/analysis/msg/messages.yaml) and exit code 79 when an Error is found.
istioctl analyze
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
istioctl analyze
kubectl create namespace legacy
kubectl label namespace legacy istio-injection=enabled istio.io/dataplane-mode=ambient
kubectl apply -f samples/curl/curl.yaml -n legacy > /dev/null
istioctl analyze -n legacy
istioctl analyze -A --output-threshold Warning
kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v9
    labels:
      version: v9
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v2
  - route:
    - destination:
        host: reviewz
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: productpage-l7
spec:
  selector:
    matchLabels:
      app: productpage
  action: ALLOW
  rules:
  - to:
    - operation:
        methods: ["GET"]
EOF
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
kubectl apply -f - <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ratings
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: ratings
    port: 9080
  rules:
  - backendRefs:
    - name: ratings-v9
      port: 9080
EOF
kubectl label service details istio.io/use-waypoint=missing-waypoint
kubectl get service details -o jsonpath='{.status.conditions[0].type} {.status.conditions[0].status} {.status.conditions[0].reason}{"\n"}'
istioctl analyze
echo "exit code $?"
istioctl analyze --failure-threshold Info -o json | head -8
istioctl analyze -n nowhere
istioctl analyze -L
istioctl analyze samples/curl/curl.yaml
