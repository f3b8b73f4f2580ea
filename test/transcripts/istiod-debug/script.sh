# istiod's debug mux on 15014 (istio 1.30.3 pilot/pkg/xds/debug.go), from a debug container in its pod:
# the index and list name only what is served, connections (AdsClients), an unknown proxy's 404 and
# Go's 404 for a debug path the playground does not serve.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
export ISTIOD=$(kubectl get pods -n istio-system -l app=istiod -o=jsonpath='{.items[0].metadata.name}')
kubectl debug -i -q $ISTIOD -n istio-system --image=curlimages/curl -- curl -s -w "%{http_code}\n" localhost:15014/debug/registryz
kubectl debug -i -q $ISTIOD -n istio-system --image=curlimages/curl -- curl -s localhost:15014/debug/connections?pretty
kubectl debug -i -q $ISTIOD -n istio-system --image=curlimages/curl -- curl -s -w "%{http_code}\n" localhost:15014/debug/config_dump?proxyID=nope
kubectl debug -i -q $ISTIOD -n istio-system --image=curlimages/curl -- curl -s localhost:15014/debug/list
kubectl debug -i -q $ISTIOD -n istio-system --image=curlimages/curl -- curl -s localhost:15014/debug | grep href
