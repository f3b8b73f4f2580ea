# Istio 1.30 "Mirroring" (docs/tasks/traffic-management/mirroring), its Gateway API tab, as a
# learner in ambient mode follows it: the namespace is enrolled in ambient and given a waypoint
# (an HTTPRoute whose parent is a Service is carried out by the Service's waypoint), so the
# page's Deployments are created without `istioctl kube-inject`. The waypoint sends each request
# to httpbin-v1 and a shadow copy to httpbin-v2 (Host `httpbin-shadow:8000`), whose answer it
# drops. gunicorn's access log shows the waypoint's address where the page, with sidecars,
# shows 127.0.0.1. Then the Istio APIs tab's VirtualService `mirror` on the same waypoint.
# Extra: a wait for the Deployments before the first curl, and XFCC's Hash redacted as the
# authn-policy page does (certificates carry fresh ECDSA signatures, so it changes every run).
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
cat <<EOF | kubectl create -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  name: httpbin-v1
spec:
  replicas: 1
  selector:
    matchLabels:
      app: httpbin
      version: v1
  template:
    metadata:
      labels:
        app: httpbin
        version: v1
    spec:
      containers:
      - image: docker.io/kennethreitz/httpbin
        imagePullPolicy: IfNotPresent
        name: httpbin
        command: ["gunicorn", "--access-logfile", "-", "-b", "0.0.0.0:80", "httpbin:app"]
        ports:
        - containerPort: 80
EOF
cat <<EOF | kubectl create -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  name: httpbin-v2
spec:
  replicas: 1
  selector:
    matchLabels:
      app: httpbin
      version: v2
  template:
    metadata:
      labels:
        app: httpbin
        version: v2
    spec:
      containers:
      - image: docker.io/kennethreitz/httpbin
        imagePullPolicy: IfNotPresent
        name: httpbin
        command: ["gunicorn", "--access-logfile", "-", "-b", "0.0.0.0:80", "httpbin:app"]
        ports:
        - containerPort: 80
EOF
kubectl create -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: httpbin
  labels:
    app: httpbin
spec:
  ports:
  - name: http
    port: 8000
    targetPort: 80
  selector:
    app: httpbin
EOF
cat <<EOF | kubectl create -f -
apiVersion: apps/v1
kind: Deployment
metadata:
  name: curl
spec:
  replicas: 1
  selector:
    matchLabels:
      app: curl
  template:
    metadata:
      labels:
        app: curl
    spec:
      containers:
      - name: curl
        image: curlimages/curl
        command: ["/bin/sleep","3650d"]
        imagePullPolicy: IfNotPresent
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: httpbin-v1
spec:
  ports:
  - port: 80
    name: http
  selector:
    app: httpbin
    version: v1
---
apiVersion: v1
kind: Service
metadata:
  name: httpbin-v2
spec:
  ports:
  - port: 80
    name: http
  selector:
    app: httpbin
    version: v2
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: httpbin
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: httpbin
    port: 8000
  rules:
  - backendRefs:
    - name: httpbin-v1
      port: 80
EOF
kubectl wait --for=condition=available deploy --all > /dev/null
kubectl exec deploy/curl -c curl -- curl -sS http://httpbin:8000/headers | sed 's/Hash=[a-z0-9]*;/Hash=<redacted>;/'
kubectl logs deploy/httpbin-v1 -c httpbin
kubectl logs deploy/httpbin-v2 -c httpbin
kubectl apply -f - <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: httpbin
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: httpbin
    port: 8000
  rules:
  - filters:
    - type: RequestMirror
      requestMirror:
        backendRef:
          name: httpbin-v2
          port: 80
    backendRefs:
    - name: httpbin-v1
      port: 80
EOF
kubectl exec deploy/curl -c curl -- curl -sS http://httpbin:8000/headers | sed 's/Hash=[a-z0-9]*;/Hash=<redacted>;/'
kubectl logs deploy/httpbin-v1 -c httpbin
kubectl logs deploy/httpbin-v2 -c httpbin
kubectl delete httproute httpbin
kubectl delete svc httpbin-v1 httpbin-v2
kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: httpbin
spec:
  hosts:
  - httpbin
  http:
  - route:
    - destination:
        host: httpbin
        subset: v1
      weight: 100
    mirror:
      host: httpbin
      subset: v2
    mirrorPercentage:
      value: 100.0
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: httpbin
spec:
  host: httpbin
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
EOF
kubectl exec deploy/curl -c curl -- curl -sS http://httpbin:8000/headers | sed 's/Hash=[a-z0-9]*;/Hash=<redacted>;/'
kubectl logs deploy/httpbin-v1 -c httpbin
kubectl logs deploy/httpbin-v2 -c httpbin
kubectl delete virtualservice httpbin
kubectl delete destinationrule httpbin
kubectl delete deploy httpbin-v1 httpbin-v2 curl
kubectl delete svc httpbin
