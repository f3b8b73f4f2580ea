# kube-controller-manager's root-ca-cert-publisher: every namespace holds kube-root-ca.crt, the
# cluster CA that pods mount through their kube-api-access volume; a deleted one comes back, and a
# new namespace gets its own.
kubectl get configmaps
kubectl get configmap kube-root-ca.crt -n kube-public -o jsonpath='{.metadata.annotations}{"\n"}'
kubectl get configmap kube-root-ca.crt -o jsonpath='{.data.ca\.crt}' | head -1
kubectl delete configmap kube-root-ca.crt
kubectl get configmaps
kubectl create namespace team-a
kubectl get configmaps -n team-a
kubectl exec deploy/curl -- cat /var/run/secrets/kubernetes.io/serviceaccount/ca.crt | tail -1
kubectl exec deploy/curl -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace
kubectl exec deploy/curl -- ls /var/run/secrets/kubernetes.io/serviceaccount
