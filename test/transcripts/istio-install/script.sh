# Istio's ambient getting-started install, verbatim: version, precheck, install, look, uninstall.
istioctl version
istioctl x precheck
istioctl install --set profile=ambient --skip-confirmation
kubectl get pods -n istio-system
kubectl get pods,daemonset -n istio-system
istioctl version
kubectl logs -n istio-system ds/ztunnel
istioctl uninstall -y --purge
kubectl delete namespace istio-system
