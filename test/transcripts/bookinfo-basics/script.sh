# The done-when commands, verbatim, plus the getting-started views of Bookinfo.
kubectl get nodes
kubectl get pods -A -o wide
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"
kubectl get svc
kubectl get deploy
kubectl exec deploy/curl -- curl -s http://details:9080/details/0
kubectl exec deploy/curl -- curl -s http://ratings:9080/ratings/0
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 12); do curl -s http://productpage:9080/productpage | grep -o 'reviews-v.-[a-z0-9-]*'; done" | sort | uniq -c
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\n" http://productpage:9080/productpage
kubectl logs deploy/details-v1
