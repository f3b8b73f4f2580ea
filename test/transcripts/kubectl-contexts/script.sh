# kubeconfig contexts on the one-cluster playground (kind create cluster --name ambient): the
# context kind writes is the only one, and --context/--kubeconfig on kubectl, istioctl and helm
# select it or fail as client-go's loading rules do (client-go tools/clientcmd client_config.go
# getContext: `context "x" does not exist`; loader.go: an explicit kubeconfig is stat'ed; a
# context without a server falls back to localhost:8080, which refuses). Flag errors come first,
# and commands that never dial (kubectl config) do not fail on a bad context.
kubectl config get-contexts
kubectl config current-context
kubectl --context=kind-cluster2 get pods
kubectl get pods --context kind-ambient -n kube-system -l k8s-app=kube-dns
kubectl --context=kind-cluster2 get pods --bogus
kubectl --context=kind-cluster2 config get-contexts
kubectl --kubeconfig=/tmp/nope get pods
kubectl config --kubeconfig=/tmp/nope view
kubectl cluster-info --context=kind-cluster2
kubectl config use-context kind-cluster2
kubectl config set-context empty
kubectl config get-contexts
kubectl --context=empty get ns
cat ~/.kube/config > other-config
kubectl --kubeconfig=other-config --context=kind-ambient get ns default
istioctl --context=kind-cluster2 proxy-status
istioctl ztunnel-config workloads --context kind-cluster2
istioctl version --context=kind-cluster2
istioctl -c /tmp/nope proxy-status
helm repo add istio https://istio-release.storage.googleapis.com/charts
helm list --kube-context kind-cluster2
helm install istio-base istio/base -n istio-system --kube-context kind-cluster2
helm list -A --kube-context=kind-ambient
