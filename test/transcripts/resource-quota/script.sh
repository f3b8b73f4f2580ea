# ResourceQuota (core/v1, short name quota): the resourcequota controller keeps status.hard and
# status.used (printers.go printResourceQuota: REQUEST and LIMIT as used/hard), and the
# ResourceQuota admission plugin refuses a create beyond a quota (pods.go: "must specify" for a
# tracked compute resource a container leaves out; "exceeded quota: NAME, requested: ..., used: ...,
# limited: ..."). First the platform-prerequisites page's GKE example, scoped to the
# system-node-critical PriorityClass that istio-cni and ztunnel run at.
kubectl apply -f - <<EOF
apiVersion: v1
kind: ResourceQuota
metadata:
  name: gcp-critical-pods
  namespace: istio-system
spec:
  hard:
    pods: 1000
  scopeSelector:
    matchExpressions:
    - operator: In
      scopeName: PriorityClass
      values:
      - system-node-critical
EOF
kubectl create namespace istio-system
kubectl apply -f - <<EOF
apiVersion: v1
kind: ResourceQuota
metadata:
  name: gcp-critical-pods
  namespace: istio-system
spec:
  hard:
    pods: 1000
  scopeSelector:
    matchExpressions:
    - operator: In
      scopeName: PriorityClass
      values:
      - system-node-critical
EOF
istioctl install --set profile=ambient -y
kubectl get resourcequota -n istio-system
kubectl describe quota gcp-critical-pods -n istio-system
kubectl api-resources | grep -i quota
# Compute quotas in a namespace of their own.
kubectl create namespace quota-demo
kubectl apply -f - <<EOF
apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
  namespace: quota-demo
spec:
  hard:
    pods: "2"
    requests.cpu: "1"
    requests.memory: 1Gi
    limits.cpu: "2"
    services: "1"
EOF
kubectl get quota -n quota-demo
kubectl run a -n quota-demo --image=nginx
kubectl run a -n quota-demo --image=nginx --overrides='{"spec":{"containers":[{"name":"a","image":"nginx","resources":{"requests":{"cpu":"600m","memory":"256Mi"},"limits":{"cpu":"1"}}}]}}'
kubectl run b -n quota-demo --image=nginx --overrides='{"spec":{"containers":[{"name":"b","image":"nginx","resources":{"requests":{"cpu":"600m","memory":"256Mi"},"limits":{"cpu":"1"}}}]}}'
kubectl get quota compute -n quota-demo
kubectl describe quota compute -n quota-demo
kubectl create service clusterip one -n quota-demo --tcp=80
kubectl create service clusterip two -n quota-demo --tcp=80
# A Deployment's pods are refused to its ReplicaSet, which records FailedCreate.
kubectl create deployment web -n quota-demo --image=nginx
kubectl get deploy,rs,pods -n quota-demo
kubectl get events -n quota-demo --field-selector reason=FailedCreate
kubectl delete pod a -n quota-demo
kubectl get quota -n quota-demo
# Resources the playground does not count are refused with a note.
kubectl apply -f - <<EOF
apiVersion: v1
kind: ResourceQuota
metadata:
  name: storage
  namespace: quota-demo
spec:
  hard:
    requests.storage: 10Gi
    count/deployments.apps: "2"
EOF
