# A waypoint proxies a Service's TCP ports at L4 (Envoy's tcp_proxy): tcp-echo's ports are named
# `tcp` and `tcp-other`, so with a namespace waypoint nc still gets its echo, and a targetRefs
# AuthorizationPolicy is built for the TCP filter chain (pilot/pkg/security/authz/builder
# builder.go forTCP, model.go checkError): a DENY rule keeps its ports and drops `methods`, so it
# denies port 9001 at L4 (the connection closes: nc prints nothing); an ALLOW rule with `methods`
# is skipped, so a policy of only such rules allows nothing.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f samples/tcp-echo/tcp-echo.yaml > /dev/null
kubectl wait --for=condition=ready pod -l app=tcp-echo > /dev/null
kubectl exec deploy/curl -- sh -c 'echo "port 9000" | nc tcp-echo 9000'
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://productpage:9080/productpage
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: tcp-deny
spec:
  targetRefs:
  - kind: Service
    group: ""
    name: tcp-echo
  action: DENY
  rules:
  - to:
    - operation:
        methods: ["GET"]
        ports: ["9001"]
EOF
kubectl exec deploy/curl -- sh -c 'echo "port 9000" | nc tcp-echo 9000'
kubectl exec deploy/curl -- sh -c 'echo "port 9001" | nc tcp-echo 9001'; echo "exit $?"
kubectl delete authorizationpolicy tcp-deny
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: tcp-allow
spec:
  targetRefs:
  - kind: Service
    group: ""
    name: tcp-echo
  action: ALLOW
  rules:
  - to:
    - operation:
        methods: ["GET"]
EOF
kubectl exec deploy/curl -- sh -c 'echo "port 9000" | nc tcp-echo 9000'; echo "exit $?"
kubectl logs deploy/tcp-echo
