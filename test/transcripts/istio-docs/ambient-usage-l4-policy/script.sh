# Istio 1.30 "Use Layer 4 security policy" (docs/ambient/usage/l4-policy), the page's policies
# applied verbatim to the ambient-demo namespace it names, with sleep and httpbin deployed there.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl create namespace ambient-demo
kubectl label namespace ambient-demo istio.io/dataplane-mode=ambient
kubectl apply -n ambient-demo -f samples/sleep/sleep.yaml -f samples/httpbin/httpbin.yaml
kubectl rollout status -n ambient-demo deploy/sleep
kubectl rollout status -n ambient-demo deploy/httpbin
kubectl exec -n ambient-demo deploy/sleep -- curl -s -o /dev/null -w "%{http_code}\n" http://httpbin:8000/get
kubectl apply -n ambient-demo -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
 name: allow-sleep-to-httpbin
spec:
 selector:
   matchLabels:
     app: httpbin
 action: ALLOW
 rules:
 - from:
   - source:
       principals:
       - cluster.local/ns/ambient-demo/sa/sleep
EOF
kubectl exec -n ambient-demo deploy/sleep -- curl -s -o /dev/null -w "%{http_code}\n" http://httpbin:8000/get
kubectl run other -n ambient-demo --image=curlimages/curl --command -- sleep 3600
kubectl wait -n ambient-demo --for=condition=Ready pod/other
kubectl exec -n ambient-demo other -- curl -s -o /dev/null -w "%{http_code}\n" http://httpbin:8000/get
kubectl apply -n ambient-demo -f - <<EOF
apiVersion: security.istio.io/v1beta1
kind: AuthorizationPolicy
metadata:
 name: allow-sleep-to-httpbin
spec:
 selector:
   matchLabels:
     app: httpbin
 action: ALLOW
 rules:
 - from:
   - source:
       principals:
       - cluster.local/ns/ambient-demo/sa/sleep
   to:
   - operation:
       methods: ["GET"]
EOF
kubectl exec -n ambient-demo deploy/sleep -- curl -s http://httpbin:8000/get
kubectl label namespace ambient-demo istio.io/dataplane-mode-
kubectl exec -n ambient-demo deploy/sleep -- curl -s -o /dev/null -w "%{http_code}\n" http://httpbin:8000/get
