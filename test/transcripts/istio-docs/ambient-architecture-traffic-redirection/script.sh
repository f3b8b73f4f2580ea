# Istio 1.30 docs/ambient/architecture/traffic-redirection, "Observing and debugging traffic
# redirection in ambient mode", commands verbatim after the page's setup (an ambient-demo
# namespace with the curl sample). The page's output is older than 1.30: the expected rules are
# 1.30.3's (cni/pkg/iptables/iptables.go AppendInpodRules, DNS capture and IPv6 on).
istioctl install --set profile=ambient --skip-confirmation
kubectl create namespace ambient-demo
kubectl label namespace ambient-demo istio.io/dataplane-mode=ambient
kubectl apply -f samples/curl/curl.yaml -n ambient-demo
kubectl wait --for=condition=ready pod -l app=curl -n ambient-demo --timeout=60s
# ds/ztunnel is the first ztunnel (the control plane's); the curl pod's node's ztunnel serves it.
kubectl logs ds/ztunnel -n istio-system  | grep inpod
kubectl logs -n istio-system $(kubectl get pods -n istio-system -l app=ztunnel --field-selector spec.nodeName=$(kubectl get pod -l app=curl -n ambient-demo -o jsonpath='{.items[0].spec.nodeName}') -o name) | grep inpod
kubectl debug $(kubectl get pod -l app=curl -n ambient-demo -o jsonpath='{.items[0].metadata.name}') -it -n ambient-demo  --image nicolaka/netshoot  -- ss -ntlp
kubectl debug $(kubectl get pod -l app=curl -n ambient-demo -o jsonpath='{.items[0].metadata.name}') -it --image gcr.io/istio-release/base --profile=netadmin -n ambient-demo -- iptables-save
# The IPv6 twin, one table; and without NET_ADMIN (the default profile) nft refuses.
kubectl debug $(kubectl get pod -l app=curl -n ambient-demo -o jsonpath='{.items[0].metadata.name}') -i -q --image gcr.io/istio-release/base --profile=netadmin -n ambient-demo -- ip6tables-save -t nat
kubectl debug $(kubectl get pod -l app=curl -n ambient-demo -o jsonpath='{.items[0].metadata.name}') -i -q --image gcr.io/istio-release/base -n ambient-demo -- iptables-save
# Out of the mesh, the pod's namespace holds no ztunnel sockets.
kubectl label namespace ambient-demo istio.io/dataplane-mode-
kubectl debug $(kubectl get pod -l app=curl -n ambient-demo -o jsonpath='{.items[0].metadata.name}') -i -q -n ambient-demo --image nicolaka/netshoot -- ss -ntl
# Out of the mesh, istio-cni removed its rules: nothing to save.
kubectl debug $(kubectl get pod -l app=curl -n ambient-demo -o jsonpath='{.items[0].metadata.name}') -i -q --profile=netadmin -n ambient-demo --image gcr.io/istio-release/base -- iptables-save
