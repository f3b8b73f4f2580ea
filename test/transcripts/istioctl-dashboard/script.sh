# istioctl dashboard (istioctl/pkg/dashboard): addons are found by label (inferPodMeta); none are deployed
# here, so each fails as on a cluster without samples/addons. Proxy admin pages are not simulated.
istioctl dashboard kiali
istioctl d grafana
istioctl dash envoy deploy/waypoint
# A name that is no dashboard: dashboard.go's Args refuses it (not cobra's "unknown command").
istioctl dashboard bogus
