# A kind cluster started with six workers (`?workers=6`, `npm run sim -- --workers 6`): nodes named
# as kind names them, a /24 pod CIDR each in node order, 110 pods each (kubelet's maxPods).
kubectl get nodes -o wide
kubectl get nodes -o custom-columns=NAME:.metadata.name,CIDR:.spec.podCIDR,PODS:.status.allocatable.pods
# 500 pods fit on six nodes (660 pods): the scheduler spreads them, none stays Pending.
kubectl create deployment web --image=nginx:1.27 --replicas=500
kubectl rollout status deployment/web
kubectl get pods -A -o custom-columns=NODE:.spec.nodeName --no-headers | sort | uniq -c
kubectl get pods -l app=web --field-selector=status.phase=Pending --no-headers | wc -l
kubectl get pods -l app=web --field-selector=status.phase=Running --no-headers | wc -l
# Each pod's IP comes from its node's CIDR: these counts match the ones above.
kubectl get pods -A -o custom-columns=NODE:.spec.nodeName,IP:.status.podIP --no-headers > /tmp/ips
grep -E -c "^ambient-worker +10\.244\.1\." /tmp/ips
for i in 2 3 4 5 6; do grep -E -c "^ambient-worker$i +10\.244\.$i\." /tmp/ips; done
# Past capacity: 700 web pods, Bookinfo's 7 and kind's kindnet and kube-proxy on each worker (12)
# on 660 places leave 59 Pending, with the scheduler's reason.
kubectl scale deployment web --replicas=700
kubectl get pods -l app=web --field-selector=status.phase=Pending --no-headers | wc -l
kubectl get deployment web
kubectl events --types=Warning | tail -3
kubectl describe nodes ambient-worker6 | grep -A1 "Non-terminated Pods"
