# What a program in a pod sees when it dials, as on Linux: a port where nothing listens answers
# with RST at once (curl exit 7, "Could not connect to server"), on loopback, the pod's own IP or
# another pod; only an address nobody owns or a port no Service defines is silently dropped
# (curl exit 28 after its --connect-timeout).
kubectl exec deploy/curl -- curl -sS http://127.0.0.1:9080/
kubectl exec deploy/curl -- curl -sS http://localhost:80/
kubectl exec deploy/productpage-v1 -- curl -s -o /dev/null -w "%{http_code} %{remote_ip}\n" http://localhost:9080/productpage
kubectl exec deploy/curl -- curl -sS http://$(kubectl get pod -l app=curl -o jsonpath='{.items[0].status.podIP}'):8080/
kubectl exec deploy/curl -- curl -sS http://$(kubectl get pod -l app=productpage -o jsonpath='{.items[0].status.podIP}'):9999/
kubectl exec deploy/curl -- curl -sS --connect-timeout 2 http://10.244.1.250:9080/
kubectl exec deploy/curl -- curl -sS --connect-timeout 2 http://10.96.0.250/
kubectl exec deploy/curl -- curl -sS --connect-timeout 2 http://172.18.0.3:31999/
kubectl exec deploy/curl -- curl -sS --connect-timeout 2 http://172.18.0.2:10250/
kubectl exec deploy/curl -- curl -sv http://localhost:80/
kubectl exec deploy/productpage-v1 -- curl -sv -o /dev/null http://localhost:9080/productpage
