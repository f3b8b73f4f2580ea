# kubeconfig contexts on the one-cluster playground (kind create cluster --name ambient): the
# context kind writes is the only one, and --context/--kubeconfig on kubectl, istioctl and helm
# select it or fail as client-go's loading rules do. An unknown context: ClientConfig's getContext
# says `context "x" does not exist` (client-go tools/clientcmd client_config.go), ConfirmUsable
# `context was not found for specified context` — which one kubectl prints depends on the verb
# (checked against kubectl v1.32 with a kubeconfig lacking the context); istioctl wraps it
# (pkg/kube util.go DefaultRestConfig: "failed to setup client"), helm too (pkg/kube client.go
# IsReachable). An explicit kubeconfig is stat'ed (loader.go), except by `kubectl config`, which
# starts from an empty one; a context without a server dials localhost:8080. Flag errors come
# first, and commands that never dial (kubectl config) do not fail on a bad context.
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
kubectl --context=kind-cluster2 describe pod x
kubectl --context=kind-cluster2 apply -f samples/curl/curl.yaml
kubectl --context=kind-cluster2 create ns x
kubectl config --kubeconfig=/tmp/new get-contexts
kubectl config --kubeconfig=/tmp/new set-context foo
kubectl config --kubeconfig=/tmp/new get-contexts
kubectl config get-contexts -o name
kubectl config get-contexts -o yaml
kubectl config view -o jsonpath='{.contexts[*].name}'
kubectl config view -o name
kubectl config view -o wide
