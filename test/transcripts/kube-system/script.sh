# kind's kube-system and local-path-storage, as `kind create cluster` (v0.30.0, Kubernetes
# v1.34.0) leaves them: kubeadm's static pods (mirror pods owned by the node), CoreDNS and
# kube-proxy, kind's kindnetd and local-path-provisioner. Sources: kubernetes-sigs/kind
# pkg/build/nodeimage/const_{cni,storage}.go; kubernetes cmd/kubeadm/app/phases/{addons,controlplane,etcd}.
kubectl version
kubectl get nodes
kubectl get pods -A -o wide
kubectl get all -n kube-system
kubectl get svc -A
kubectl get endpoints kube-dns -n kube-system
kubectl get configmaps,serviceaccounts -n kube-system
kubectl get pods -n kube-system -l tier=control-plane --show-labels
kubectl describe pod -n kube-system kube-scheduler-ambient-control-plane
kubectl describe pod -n kube-system $(kubectl get pods -n kube-system -l k8s-app=kube-dns -o jsonpath='{.items[0].metadata.name}')
kubectl logs -n kube-system deploy/coredns
kubectl logs -n kube-system etcd-ambient-control-plane
kubectl exec -n kube-system etcd-ambient-control-plane -- sh -c 'echo hi'
kubectl get events -n local-path-storage
# Host-network pods are no ambient workloads: ztunnel lists CoreDNS and the provisioner only.
istioctl install --set profile=ambient -y
istioctl zc workloads
istioctl zc services --service-namespace kube-system
# A mirror pod deleted in the API comes back at once with a new uid (kubelet.go SyncPod creates
# it again); the static pod's container never stopped: same start time, no restart, no new events.
kubectl get pod etcd-ambient-control-plane -n kube-system -o jsonpath='{.metadata.uid} {.status.startTime}{"\n"}'
kubectl delete pod etcd-ambient-control-plane -n kube-system
kubectl get pod etcd-ambient-control-plane -n kube-system
kubectl get pod etcd-ambient-control-plane -n kube-system -o jsonpath='{.metadata.uid} {.status.startTime} {.status.containerStatuses[0].restartCount}{"\n"}'
kubectl get events -n kube-system --field-selector involvedObject.name=etcd-ambient-control-plane
