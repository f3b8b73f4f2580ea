# istioctl ztunnel-config (zc): what a ztunnel knows about workloads, services, certificates, policies.
istioctl zc workloads
istioctl install --set profile=ambient --skip-confirmation
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"
istioctl ztunnel-config workloads
istioctl zc services
istioctl zc certificates
istioctl zc certificates --node $(kubectl get pods -l app=productpage -o jsonpath='{.items[0].spec.nodeName}')
kubectl apply -f - <<EOT
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
EOT
istioctl zc policies
istioctl zc workloads $(kubectl get pods -l app=productpage -o jsonpath='{.items[0].metadata.name}')
# istioctl 1.30: a workload pod (with its namespace) resolves to the ztunnel on its node.
istioctl zc workloads $(kubectl get pods -l app=productpage -o jsonpath='{.items[0].metadata.name}').default
istioctl zc workload nope.default
istioctl zc workloads --workload-namespace istio-system
istioctl zc workload -n default
istioctl zc w --address 10.244.2.4 -o yaml
