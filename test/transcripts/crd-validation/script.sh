# Real API-server validation: CRD schemas (OpenAPI + CEL x-kubernetes-validations) and
# kubectl's strict field validation (--validate=strict is kubectl's default).
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl get crd authorizationpolicies.security.istio.io -o jsonpath='{.spec.versions[0].schema.openAPIV3Schema.properties.spec.x-kubernetes-validations[0].message}{"\n"}'
# AuthorizationPolicy: only one of selector and targetRefs (istio CEL rule)
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: p
spec:
  selector:
    matchLabels:
      app: productpage
  targetRefs:
  - kind: Service
    group: ""
    name: productpage
EOF
# enum
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: p
spec:
  action: DENYY
EOF
# unknown field: strict (default), warn, ignore
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: p
spec:
  selectr:
    matchLabels:
      app: productpage
EOF
kubectl apply --validate=warn -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: p
spec:
  selectr:
    matchLabels:
      app: productpage
  action: ALLOW
EOF
kubectl get authorizationpolicy p -o jsonpath='{.spec}{"\n"}'
kubectl apply --validate=nope -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
EOF
# built-in kinds: strict decoding
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selectr:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
EOF
kubectl create --validate=warn -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: w
datta:
  k: v
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  bogusField: 1
  ports:
  - port: 80
    targetPrt: 8080
EOF
kubectl apply --validate=false -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  labelz:
    a: b
data:
  k: v
EOF
kubectl get configmap c -o jsonpath='{.metadata}{"\n"}'
# PeerAuthentication: portLevelMtls requires a selector (istio CEL rule)
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: pa
spec:
  portLevelMtls:
    "8080":
      mode: DISABLE
EOF
# Gateway API: HTTPRoute CEL rules, patterns, maxItems
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
kubectl apply -f - <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
spec:
  parentRefs:
  - name: waypoint
  hostnames:
  - Not_A_Host
  rules:
  - filters:
    - type: RequestRedirect
      requestRedirect:
        statusCode: 302
    backendRefs:
    - name: reviews
      port: 9080
EOF
kubectl apply -f - <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: g
spec:
  gatewayClassName: istio-waypoint
  listeners:
  - name: mesh
    port: 15008
    protocol: HBONE
  - name: mesh
    port: 80
    protocol: HTTP
    hostname: "*.example.com"
EOF
kubectl apply -f - <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ok
spec:
  parentRefs:
  - name: waypoint
  rules:
  - backendRefs:
    - name: reviews
      port: 9080
EOF
kubectl get httproute ok -o jsonpath='{.spec.parentRefs[0]}{"\n"}{.spec.rules[0].matches}{"\n"}'
