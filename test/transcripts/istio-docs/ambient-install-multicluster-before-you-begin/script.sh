# Istio 1.30 "Before you begin" (docs/ambient/install/multicluster/before-you-begin) on two kind
# clusters, as `kind create cluster --name cluster1` and `--name cluster2` leave them (the
# playground's `--clusters 2` start: kubeconfig contexts kind-cluster1 and kind-cluster2, the last
# created current). The page's placeholder lines run as bash parses them (`<your …>` is a
# redirection from a file that does not exist), then with this playground's context names.
# Added: what the learner checks before going on — both contexts, each cluster's own nodes (its
# own API server; both on kind's docker network) and that a context kind did not write is refused.
# Not run: "Configure Trust" links to the plugin-ca-cert task (a shared root CA made with
# tools/certs/Makefile.selfsigned.mk), whose `make` this playground does not have.
export CTX_CLUSTER1=<your cluster1 context>
export CTX_CLUSTER2=<your cluster2 context>
export CTX_CLUSTER1=kind-cluster1
export CTX_CLUSTER2=kind-cluster2
kubectl config get-contexts
kubectl config current-context
kubectl --context="${CTX_CLUSTER1}" get nodes -o wide
kubectl --context="${CTX_CLUSTER2}" get nodes -o wide
kubectl --context="${CTX_CLUSTER1}" cluster-info
kubectl --context="${CTX_CLUSTER2}" get pods -n kube-system -l k8s-app=kube-dns -o wide
kubectl --context=kind-ambient get nodes
kubectl config view --minify
kubectl config view --minify --context="${CTX_CLUSTER1}" -o jsonpath='{.clusters[0].cluster.server}'
kubectl config view --minify --context=kind-ambient
