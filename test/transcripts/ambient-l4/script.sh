# Istio's ambient getting-started, up to and including the L4 authorization policy.
istioctl x precheck
istioctl install --set profile=ambient --skip-confirmation
kubectl get pods -n istio-system
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl get pods
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"
kubectl logs -n istio-system ds/ztunnel --tail 1
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: productpage-ztunnel
  namespace: default
spec:
  selector:
    matchLabels:
      app: productpage
  action: ALLOW
  rules:
  - from:
    - source:
        principals:
        - cluster.local/ns/default/sa/bookinfo-gateway-istio
EOF
kubectl exec deploy/curl -- curl -s "http://productpage:9080/productpage"
kubectl exec deploy/curl -- curl -sS "http://productpage:9080/productpage"
kubectl logs -n istio-system ds/ztunnel --tail 2
# ds/ztunnel picks the first ztunnel; the denial is logged by the one on productpage's node.
kubectl logs -n istio-system $(kubectl get pods -n istio-system -l app=ztunnel --field-selector spec.nodeName=$(kubectl get pods -l app=productpage -o jsonpath='{.items[0].spec.nodeName}') -o name) --tail 2
kubectl exec deploy/curl -- curl -s http://details:9080/details/0 | grep -o '"author":"[^"]*"'
kubectl delete authorizationpolicy productpage-ztunnel
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"
kubectl label namespace default istio.io/dataplane-mode-
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"
