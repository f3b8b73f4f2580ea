# curl in the terminal runs on the learner's machine, the docker host of the kind cluster
# (Arch Linux's curl 8.17.0, the same curl program as in pods): public names resolve and the
# simulated internet answers; the cluster's Service names do not resolve there; ClusterIPs
# and pod addresses are not routed to it (kind adds no route), so they time out; a node's
# address answers on its NodePorts and refuses other ports. Files curl reads come from the
# shell's file system.
curl --version
curl -s https://httpbin.org/get
curl -sS http://productpage.default:9080/
curl -sS -m 2 http://$(kubectl get svc productpage -o jsonpath='{.spec.clusterIP}'):9080/
curl -sS -m 2 http://$(kubectl get pod -l app=productpage -o jsonpath='{.items[0].status.podIP}'):9080/
kubectl patch svc productpage -p '{"spec":{"type":"NodePort"}}'
kubectl get svc productpage
curl -s http://172.18.0.4:$(kubectl get svc productpage -o jsonpath='{.spec.ports[0].nodePort}')/productpage | grep -o "<title>.*</title>"
curl -sS http://172.18.0.4:31999/
curl -sS --cacert nope.crt https://httpbin.org/get
curl -sS --cacert samples/httpbin/httpbin.yaml https://httpbin.org/get
curl -sS --cert nope.crt https://httpbin.org/get
curl --bogus
