# istioctl dashboard (istioctl/pkg/dashboard/dashboard.go): addons are found by label (inferPodMeta); none are deployed
# here, so each fails as on a cluster without samples/addons. Proxy admin pages are not simulated.
istioctl dashboard kiali
istioctl d grafana
istioctl dash envoy deploy/waypoint
# A name that is no dashboard: dashboard.go's Args refuses it (not cobra's "unknown command").
istioctl dashboard bogus
# With samples/addons applied, each addon's dashboard port-forwards to its pod (dashboard.go
# portForward): the URL is printed and the command blocks until Ctrl-C.
istioctl install --set profile=ambient --skip-confirmation &> /dev/null
kubectl apply -f samples/addons/kiali.yaml -f samples/addons/grafana.yaml -f samples/addons/jaeger.yaml > /dev/null
istioctl dashboard kiali
^C
istioctl d grafana --browser=false
^C
istioctl dashboard jaeger -p 8080 --address 127.0.0.1
^C
# jaeger.yaml's zipkin Service selects app=jaeger pods; no pod carries app=zipkin.
istioctl dashboard zipkin
