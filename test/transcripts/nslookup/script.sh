# busybox's nslookup (networking/nslookup.c, FEATURE_NSLOOKUP_BIG, in the curl image): every
# query at once, A then AAAA under each search domain for a name without a dot, each reply
# printed as it comes; any NXDOMAIN makes the exit status 1. CoreDNS (kind's Corefile) answers
# cluster.local authoritatively and forwards the rest; an enrolled pod's queries are answered by
# ztunnel's DNS proxy first (ztunnel src/dns/server.rs: a CNAME to the name left after
# stripping a search domain, no AAAA for an IPv4 Service).
istioctl install --set profile=ambient -y
kubectl exec deploy/curl -- nslookup productpage
kubectl exec deploy/curl -- nslookup productpage.default.svc.cluster.local
kubectl exec deploy/curl -- nslookup details.default
kubectl exec deploy/curl -- nslookup httpbin.org
kubectl exec deploy/curl -- nslookup nosuchhost.example
kubectl exec deploy/curl -- nslookup 10.96.0.10
kubectl exec deploy/curl -- nslookup -type=a kubernetes.default.svc.cluster.local 10.96.0.10
kubectl exec deploy/curl -- nslookup -type=mx example.com
kubectl exec deploy/curl -- nslookup -type=bogus example.com
kubectl exec deploy/curl -- nslookup -foo productpage
kubectl exec deploy/curl -- nslookup productpage 8.8.8.8
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl exec deploy/curl -- nslookup productpage
kubectl exec deploy/curl -- nslookup details.default
kubectl scale deploy/coredns -n kube-system --replicas=0
kubectl exec deploy/curl -- nslookup productpage.default.svc.cluster.local
kubectl exec deploy/curl -- nslookup httpbin.org
kubectl label namespace default istio.io/dataplane-mode-
kubectl exec deploy/curl -- nslookup productpage.default.svc.cluster.local
kubectl run netshoot --image=nicolaka/netshoot --command -- sleep infinity
kubectl wait --for=condition=ready pod/netshoot
kubectl exec netshoot -- nslookup productpage
kubectl exec netshoot -- dig productpage.default.svc.cluster.local
