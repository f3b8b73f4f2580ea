# Istio 1.30 "Troubleshoot connectivity issues with ztunnel" (docs/ambient/usage/troubleshoot-ztunnel):
# the page's commands verbatim, against what it assumes: Bookinfo and curl in an ambient default
# namespace. Added: the setup (with one request, so ztunnels hold certificates), and $ZTUNNEL (the page uses it without defining it: here the
# ztunnel of the node running productpage). istiod's config_dump is one line of JSON (the page says to
# save it and view it with a JSON pretty printer): the verbatim command is piped through grep, then
# asked again with ?pretty (debug.go's writeJSON) and cut with head; then the status codes of a
# good request and of one without a proxyID (debug.go's errorHandler).
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://productpage:9080/productpage
export NODE=$(kubectl get pods -l app=productpage -o jsonpath='{.items[0].spec.nodeName}')
export ZTUNNEL=$(kubectl get pods -n istio-system -l app=ztunnel --field-selector spec.nodeName=$NODE -o jsonpath='{.items[0].metadata.name}')
istioctl ztunnel-config workloads
istioctl ztunnel-config certificates "$ZTUNNEL".istio-system
istioctl ztunnel-config all -o json | head -20
kubectl debug -it $ZTUNNEL -n istio-system --image=curlimages/curl -- curl localhost:15000/config_dump | head -30
export ISTIOD=$(kubectl get pods -n istio-system -l app=istiod -o=jsonpath='{.items[0].metadata.name}')
kubectl debug -it $ISTIOD -n istio-system --image=curlimages/curl -- curl localhost:15014/debug/config_dump?proxyID="$ZTUNNEL".istio-system | grep -o '"workload":{"uid":"[^"]*"' | head -5
kubectl debug -i -q $ISTIOD -n istio-system --image=curlimages/curl -- curl -s "localhost:15014/debug/config_dump?proxyID=$ZTUNNEL.istio-system&pretty" | head -30
kubectl debug -i -q $ISTIOD -n istio-system --image=curlimages/curl -- curl -s -o /dev/null -w "%{http_code}\n" localhost:15014/debug/config_dump?proxyID="$ZTUNNEL".istio-system
kubectl debug -i -q $ISTIOD -n istio-system --image=curlimages/curl -- curl -s -w "%{http_code}\n" localhost:15014/debug/config_dump
kubectl get pod $ZTUNNEL -n istio-system -o jsonpath='{range .spec.ephemeralContainers[*]}{.name} {.image} {.command}{"\n"}{end}'
kubectl get pod $ZTUNNEL -n istio-system -o jsonpath='{range .status.ephemeralContainerStatuses[*]}{.name} {.state.terminated.reason} {.state.terminated.exitCode}{"\n"}{end}'
kubectl get events -n istio-system --field-selector involvedObject.name=$ZTUNNEL | grep debugger
kubectl -n default exec deploy/curl -- sh -c 'for i in $(seq 1 10); do curl -s -I http://productpage:9080/; done' | head -4
kubectl -n istio-system logs -l app=ztunnel | grep -E "inbound|outbound" | head -2
kubectl -n default exec deploy/curl -- sh -c 'for i in $(seq 1 10); do curl -s -I http://reviews:9080/; done' > /dev/null
kubectl -n istio-system logs -l app=ztunnel | grep -E "outbound" | grep reviews | grep -o 'dst.workload="[^"]*"' | sort | uniq -c
