# Kubernetes v1.34 Events: the scheduler (events.k8s.io recorder), kubelet, ReplicaSet, Deployment
# and DaemonSet controllers record what they did; `describe` lists an object's events and
# `get events` all of them (kubelet/kuberuntime, client-go record, pkg/controller/*).
kubectl create deployment web --image=nginx:1.27
kubectl describe pod -l app=web
kubectl scale deployment web --replicas=2
kubectl scale deployment web --replicas=1
kubectl get events --field-selector involvedObject.kind=Deployment,involvedObject.name=web
kubectl describe rs -l app=web | tail -6
kubectl create deployment broken --image=registry.example/no-such-image:1.0
kubectl get events --field-selector type=Warning
kubectl get pods -l app=broken
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: pinned
spec:
  nodeSelector:
    disktype: ssd
  containers:
  - name: curl
    image: curlimages/curl
    command: ["sleep", "3600"]
EOF
kubectl describe pod pinned | tail -4
kubectl get events --field-selector reason=FailedScheduling -o yaml
kubectl label node ambient-worker disktype=ssd
kubectl get events --field-selector involvedObject.name=pinned,source=default-scheduler
kubectl delete pod pinned
kubectl get events --field-selector involvedObject.name=pinned,reason=Killing
kubectl get events --field-selector bogus=1
kubectl get events -n istio-system
# kubectl events: oldest first, Kind/name objects, --for and --types.
kubectl events --for deployment/web
kubectl events --for=pod/pinned
kubectl events --types=Warning -A
kubectl events --types=Bogus
kubectl events --for web
