# Istio 1.30 "Migrate from sidecar to ambient: Migrate policies" (docs/ambient/migrate/
# migrate-policies), verbatim, on the page's `bookinfo` namespace. Set-up (output sent to
# /dev/null): the default profile with Bookinfo injected in `bookinfo`, the request-routing
# task's DestinationRules and the page's header-routing VirtualService, the page's selector-based
# L7 policy, then "Install ambient components" (upgrade to ambient, restart, a waypoint). The
# audits find the VirtualService, the L7 policy and the subset DestinationRule; the page's
# Services, HTTPRoute and policies apply as written; `<namespace>` is bookinfo. Beyond the page:
# a request from productpage's sidecar to reviews is refused (403): the page's principal
# `sa/productpage` is not Bookinfo's (`sa/bookinfo-productpage`), so reviews' sidecar finds no
# ALLOW policy that matches, as a real sidecar would.
istioctl install -y > /dev/null 2>&1
kubectl create namespace bookinfo > /dev/null
kubectl label namespace bookinfo istio-injection=enabled > /dev/null
kubectl apply -n bookinfo -f samples/bookinfo/platform/kube/bookinfo.yaml > /dev/null
kubectl apply -n bookinfo -f samples/bookinfo/networking/destination-rule-all.yaml > /dev/null
kubectl apply -n bookinfo -f - > /dev/null <<EOF
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination:
        host: reviews
        subset: v2
  - route:
    - destination:
        host: reviews
        subset: v1
---
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
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl upgrade --set profile=ambient -y > /dev/null 2>&1
kubectl rollout restart deployment -n bookinfo > /dev/null
kubectl wait --for=condition=Ready pod --all -n bookinfo --timeout=60s > /dev/null
istioctl waypoint apply -n bookinfo --wait > /dev/null
kubectl get virtualservice,destinationrule -A
kubectl get authorizationpolicy -A --no-headers | while read ns name rest; do
    if kubectl get authorizationpolicy "$name" -n "$ns" -o yaml | grep -qE "(methods:|paths:|headers:|action: CUSTOM|action: AUDIT)"; then
      echo "$ns/$name"
    fi
  done
kubectl get destinationrule -A --no-headers | while read ns name rest; do
    if kubectl get destinationrule "$name" -n "$ns" -o yaml | grep -q "subsets:"; then
      echo "$ns/$name"
    fi
  done
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: reviews-v1
  namespace: bookinfo
spec:
  selector:
    app: reviews
    version: v1
  ports:
  - port: 9080
    name: http
---
apiVersion: v1
kind: Service
metadata:
  name: reviews-v2
  namespace: bookinfo
spec:
  selector:
    app: reviews
    version: v2
  ports:
  - port: 9080
    name: http
EOF
kubectl apply -f - <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
  namespace: bookinfo
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: reviews
    port: 9080
  rules:
  - matches:
    - headers:
      - name: end-user
        value: jason
    backendRefs:
    - name: reviews-v2
      port: 9080
  - backendRefs:
    - name: reviews-v1
      port: 9080
EOF
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-frontend
  namespace: bookinfo
spec:
  selector:
    matchLabels:
      app: reviews
  action: ALLOW
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/bookinfo/sa/productpage"]
EOF
kubectl apply -n bookinfo -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-get-reviews
spec:
  targetRefs:
  - kind: Service
    group: ""
    name: reviews
  action: ALLOW
  rules:
  - to:
    - operation:
        methods: ["GET"]
EOF
kubectl get pod -n bookinfo -l gateway.istio.io/managed=istio.io-mesh-controller \
    -o jsonpath='{.items[0].spec.serviceAccountName}'
echo
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: deny-waypoint-bypass
  namespace: bookinfo
spec:
  selector:
    matchLabels:
      app: reviews
  action: DENY
  rules:
  - from:
    - source:
        notPrincipals:
        - "cluster.local/ns/bookinfo/sa/waypoint"
        - "cluster.local/ns/bookinfo/sa/productpage"
EOF
kubectl exec -n bookinfo deploy/productpage-v1 -c productpage -- curl -sS -o /dev/null -w "%{http_code}\n" reviews:9080/reviews/0
