# Istio 1.30 docs/ambient/architecture/traffic-redirection, "Observing and debugging traffic
# redirection in ambient mode", commands verbatim after the page's setup (an ambient-demo
# namespace with the curl sample). The page's `iptables-save` step (image
# gcr.io/istio-release/base) is not run: the playground has no iptables userland (README).
istioctl install --set profile=ambient --skip-confirmation
kubectl create namespace ambient-demo
kubectl label namespace ambient-demo istio.io/dataplane-mode=ambient
kubectl apply -f samples/curl/curl.yaml -n ambient-demo
kubectl wait --for=condition=ready pod -l app=curl -n ambient-demo --timeout=60s
# ds/ztunnel is the first ztunnel (the control plane's); the curl pod's node's ztunnel serves it.
kubectl logs ds/ztunnel -n istio-system  | grep inpod
kubectl logs -n istio-system $(kubectl get pods -n istio-system -l app=ztunnel --field-selector spec.nodeName=$(kubectl get pod -l app=curl -n ambient-demo -o jsonpath='{.items[0].spec.nodeName}') -o name) | grep inpod
kubectl debug $(kubectl get pod -l app=curl -n ambient-demo -o jsonpath='{.items[0].metadata.name}') -it -n ambient-demo  --image nicolaka/netshoot  -- ss -ntlp
# Out of the mesh, the pod's namespace holds no ztunnel sockets.
kubectl label namespace ambient-demo istio.io/dataplane-mode-
kubectl debug $(kubectl get pod -l app=curl -n ambient-demo -o jsonpath='{.items[0].metadata.name}') -i -q -n ambient-demo --image nicolaka/netshoot -- ss -ntl
