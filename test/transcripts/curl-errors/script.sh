# curl's error lines and exit codes as a learner meets them.
kubectl exec deploy/curl -- curl -sS http://nosuchservice:9080/
kubectl exec deploy/curl -- curl -sS http://details:9081/
kubectl exec deploy/curl -- curl -sS --connect-timeout 3 http://10.244.9.9:8080/
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://productpage:9080/nope
kubectl exec deploy/curl -- curl -sI http://productpage:9080/productpage
kubectl exec deploy/curl -- curl -sf http://productpage:9080/nope
echo "exit code $?"
kubectl exec deploy/curl -- nosuchbinary
kubectl exec deploy/curl curl -s http://details:9080/details/0
