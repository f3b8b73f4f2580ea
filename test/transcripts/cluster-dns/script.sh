# Pods resolve names through the kube-dns Service (kubelet's --cluster-dns, 10.96.0.10 on kind),
# answered by the CoreDNS pods behind it. With CoreDNS scaled to 0, kube-proxy REJECTs queries to
# a Service without endpoints (ICMP port unreachable): curl's c-ares reads that on its connected
# socket and fails at once; busybox nc's musl getaddrinfo (an unconnected socket) waits out
# resolv.conf's 5 s timeout. In ambient, istio-cni captures an enrolled pod's DNS to ztunnel
# (values.cni.ambient.dnsCapture: true in 1.30), which answers Services itself (ztunnel
# src/dns/server.rs find_server) and forwards other names to kube-dns, unanswered here.
istioctl install --set profile=ambient -y
kubectl exec deploy/curl -- cat /etc/resolv.conf
kubectl get svc kube-dns -n kube-system
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\n" productpage:9080/productpage
kubectl scale deploy/coredns -n kube-system --replicas=0
kubectl get pods -n kube-system -l k8s-app=kube-dns
kubectl get endpoints kube-dns -n kube-system
kubectl exec deploy/curl -- curl -sS -w "%{time_total}\n" productpage:9080/productpage
# By address productpage answers, but it cannot resolve details and reviews either.
kubectl exec deploy/curl -- curl -s $(kubectl get svc productpage -o jsonpath='{.spec.clusterIP}'):9080/productpage | grep -o "Error fetching[^<]*"
kubectl exec deploy/curl -- sh -c 'date +%T; nc -zv -w 1 details 9080; date +%T'
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\n" productpage:9080/productpage
kubectl exec deploy/curl -- curl -sS -w "%{time_total}\n" httpbin.org/get
kubectl exec deploy/curl -- curl -sS --max-time 2 httpbin.org/get
kubectl exec deploy/curl -- nc -zv -w 1 details 9080
kubectl scale deploy/coredns -n kube-system --replicas=2
kubectl rollout status deploy/coredns -n kube-system
kubectl get endpoints kube-dns -n kube-system
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" httpbin.org/get
