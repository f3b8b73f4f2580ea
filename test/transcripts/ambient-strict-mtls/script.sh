# PeerAuthentication STRICT in ambient: plaintext from outside the mesh is refused.
istioctl install --set profile=ambient --skip-confirmation &> /dev/null
kubectl create namespace legacy
kubectl apply -n legacy -f samples/curl/curl.yaml
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl exec -n legacy deploy/curl -- curl -s http://productpage.default:9080/productpage | grep -o "<title>.*</title>"
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: default
spec:
  mtls:
    mode: STRICT
EOF
kubectl exec -n legacy deploy/curl -- curl -sS http://productpage.default:9080/productpage
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"
kubectl logs -n istio-system -l app=ztunnel --tail 20 | grep -o 'error="[^"]*"' | sort | uniq -c
kubectl delete peerauthentication default
kubectl exec -n legacy deploy/curl -- curl -s http://productpage.default:9080/productpage | grep -o "<title>.*</title>"
