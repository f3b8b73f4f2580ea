# istioctl proxy-config on an injected pod (istio.io docs/ops/diagnostic-tools/proxy-cmd): the
# sidecar's Envoy admin (15000) serves /config_dump built from its push. Clusters are
# outbound|<port>||<host> per service port plus the pod's inbound|<port>||; HTTP service ports get
# a 0.0.0.0_<port> listener with route table <port>; a VirtualService shows in VIRTUAL SERVICE
# (route.go renderConfig). Then istioctl's errors: a pod with no Envoy, a ztunnel (not an Envoy
# config dump), bad -o, a missing pod, an unknown subcommand, bad --level. `--file` reads a dump
# saved with curl, as istioctl's own example does.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio-injection=enabled
kubectl rollout restart deployment > /dev/null
kubectl wait --for=condition=Ready pod --all --timeout=120s > /dev/null
kubectl apply -f samples/bookinfo/networking/virtual-service-reviews-test-v2.yaml
istioctl pc cluster deploy/productpage-v1
istioctl pc cluster deploy/productpage-v1 --fqdn reviews --direction outbound
istioctl pc listener deploy/productpage-v1
istioctl pc listener deploy/productpage-v1 --port 9080 --verbose=false
istioctl proxy-config route deploy/productpage-v1
istioctl pc route deploy/productpage-v1 --name 9080 -o json | grep -E '"(config|cluster|path_separated_prefix|exact)"' | sort | uniq -c
istioctl pc secret deploy/productpage-v1
istioctl pc endpoint deploy/productpage-v1 --cluster "outbound|9080||reviews.default.svc.cluster.local"
istioctl pc bootstrap deploy/productpage-v1 -o short
kubectl exec deploy/productpage-v1 -c istio-proxy -- curl -s localhost:15000/config_dump > envoy-config.json
istioctl pc clusters --file envoy-config.json --port 9080
istioctl pc clusters --file nosuch.json
istioctl pc clusters deploy/productpage-v1 --file envoy-config.json
istioctl pc clusters deploy/productpage-v1 --proxy-admin-port 0
istioctl pc log deploy/ratings-v1 --level http:debug,rbac:info | grep -E 'http:|rbac:|admin:'
istioctl pc log deploy/ratings-v1 --level verbose
istioctl pc log deploy/ratings-v1 --level nosuch:debug
istioctl pc log deploy/ratings-v1 -r --level debug
istioctl pc cluster deploy/productpage-v1 -o xml
istioctl pc cluster nosuchpod
istioctl pc cluster
istioctl pc listeners -n istio-system daemonset/ztunnel
istioctl pc clusterz deploy/productpage-v1 | head -4
kubectl label namespace default istio-injection-
kubectl run plain --image=curlimages/curl --restart=Never --command -- sleep 3600 > /dev/null
kubectl wait --for=condition=Ready pod/plain > /dev/null
istioctl pc cluster plain.default
