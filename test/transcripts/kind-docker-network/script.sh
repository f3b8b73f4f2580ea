# kind's docker network between two clusters (net/docker-bridge.ts): a pod of cluster1 reaches
# cluster2's LoadBalancer Service at its MetalLB address. Leaving cluster1 its connection is
# masqueraded to its node's address (the pod networks of two kind clusters overlap:
# 10.244.0.0/16 each), cluster2's kube-proxy DNATs it to an endpoint, and the replies come back
# through the same NAT: nginx logs the client as cluster1's node. A port the Service does not
# have is refused by cluster2's kube-proxy; an address MetalLB gave nobody answers nothing. The
# docker host (the terminal's `curl`, the bridge's gateway 172.18.0.1) reaches it too.
kubectl --context kind-cluster2 apply -f https://raw.githubusercontent.com/metallb/metallb/v0.14.3/config/manifests/metallb-native.yaml > /dev/null
kubectl --context kind-cluster2 wait -n metallb-system pod --timeout=120s -l app=metallb --for=condition=Ready > /dev/null
cat <<EOF | kubectl --context kind-cluster2 apply -f -
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: default-pool
  namespace: metallb-system
spec:
  addresses:
  - 172.18.255.200-172.18.255.219
EOF
kubectl --context kind-cluster2 create deployment web --image=nginx
cat <<EOF | kubectl --context kind-cluster2 apply -f -
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
  selector:
    app: web
  ports:
  - port: 80
EOF
kubectl --context kind-cluster2 rollout status deployment/web
kubectl --context kind-cluster2 get svc web
kubectl --context kind-cluster1 get nodes -o wide | awk '{print $1, $6}'
kubectl --context kind-cluster1 run client --image=curlimages/curl --command -- sleep 3600
kubectl --context kind-cluster1 wait --for=condition=Ready pod/client
kubectl --context kind-cluster1 get pod client -o wide | awk '{print $1, $6, $7}'
kubectl --context kind-cluster1 exec client -- curl -sS -o /dev/null -w '%{http_code} %{remote_ip}:%{remote_port} %{time_total}\n' http://172.18.255.200/
kubectl --context kind-cluster1 exec client -- curl -sS http://172.18.255.200:8080/
kubectl --context kind-cluster1 exec client -- curl -sS --connect-timeout 2 http://172.18.255.201/
curl -sS -o /dev/null -w '%{http_code} %{remote_ip}\n' http://172.18.255.200/
kubectl --context kind-cluster2 logs deploy/web | grep GET | awk '{print $1, $6, $7, $9}'
