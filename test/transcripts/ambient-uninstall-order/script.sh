# Uninstalling Istio while pods are still enrolled strands them: istio-cni does not unhook
# captured pods when it stops (istio/istio#49067), so their in-pod rules send traffic to ztunnel
# sockets nobody holds. Unlabelling afterwards changes nothing (no agent); a restart fixes them.
# Then the order Istio's cleanup page gives: unlabel first, and nothing breaks.
istioctl install --set profile=ambient -y > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://productpage:9080/productpage
istioctl uninstall -y --purge > /dev/null
kubectl get pods -n istio-system
kubectl get pod -l app=productpage -o jsonpath='{.items[0].metadata.annotations.ambient\.istio\.io/redirection}{"\n"}'
kubectl exec deploy/curl -- curl -sS -o /dev/null -w "%{http_code}\n" http://productpage:9080/productpage
kubectl exec deploy/productpage-v1 -- curl -sS -o /dev/null -w "%{http_code}\n" http://details:9080/details/0
kubectl label namespace default istio.io/dataplane-mode-
kubectl exec deploy/curl -- curl -sS -o /dev/null -w "%{http_code}\n" http://productpage:9080/productpage
kubectl rollout restart deployment > /dev/null
kubectl rollout status deployment/curl
kubectl exec deploy/curl -- curl -sS -o /dev/null -w "%{http_code}\n" http://productpage:9080/productpage
# The right order: remove the label while Istio still runs, then uninstall.
istioctl install --set profile=ambient -y > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://productpage:9080/productpage
kubectl label namespace default istio.io/dataplane-mode-
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.annotations.ambient\.istio\.io/redirection}{end}{"\n"}'
istioctl uninstall -y --purge > /dev/null
kubectl exec deploy/curl -- curl -sS -o /dev/null -w "%{http_code}\n" http://productpage:9080/productpage
