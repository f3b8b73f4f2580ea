# The host's curl through `kubectl port-forward`, as on a kind setup: kubectl listens on
# 127.0.0.1 and [::1] (client-go tools/portforward), prints `Handling connection for PORT` for
# each connection, and carries it to the pod through kubelet (from 127.0.0.1 inside the pod, so
# no Service, policy or ztunnel is in the way). curl 8.17 tries localhost's ::1 first (/etc/hosts,
# lib/cf-ip-happy.c); where nothing listens both attempts are refused at once (lib/cf-socket.c
# `connect to … failed`, lib/strerror.c `Could not connect to server`, exit 7). A pod port where
# nothing listens: kubelet's error in kubectl's log, the connection closed empty (curl 52), and
# kubectl ends (`lost connection to pod`).
kubectl port-forward svc/productpage 9080:9080 &
curl -s http://localhost:9080/productpage | grep -o "<title>.*</title>"
curl -s -o /dev/null -w "%{http_code} %{remote_ip}\n" http://127.0.0.1:9080/productpage
curl -sv -o /dev/null http://localhost:9080/productpage
curl -sS http://localhost:9081/
curl -v http://localhost:9081/
curl -sS http://127.0.0.1:9081/
kubectl port-forward deploy/details-v1 7000:9999 &
curl -sS http://localhost:7000/
jobs
kill %1
curl -sS http://localhost:9080/productpage
