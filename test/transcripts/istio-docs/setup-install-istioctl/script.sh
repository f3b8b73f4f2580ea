# Istio 1.30 "Install with Istioctl" (docs/setup/install/istioctl) on an empty cluster: the
# default profile, `--set meshConfig.accessLogFile`, the same with `-f my-config.yaml`, then the
# demo profile (each with -y: the transcript cannot answer the y/N question) and "Check what's
# installed" (the second and third installs' progress output is sent to /dev/null). Then Bookinfo with sidecars on the demo profile (docs/setup/getting-started's
# sidecar steps): every pod 2/2, istio-init (istio-iptables, NET_ADMIN/NET_RAW) run to completion
# before istio-proxy and the app, and the demo profile's access log in the sidecar. Left out:
# `istioctl profile`, `manifest generate|diff`, `verify-install` and the `installed-state` CR
# (istioctl no longer writes it), which the playground does not simulate.
istioctl install -y
kubectl get cm istio -n istio-system -o jsonpath='{.data.mesh}{"\n"}' | grep accessLogFile
istioctl install --set meshConfig.accessLogFile=/dev/stdout -y 2> /dev/null
kubectl get cm istio -n istio-system -o jsonpath='{.data.mesh}{"\n"}' | grep accessLogFile
cat > my-config.yaml <<EOF
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
spec:
  meshConfig:
    accessLogFile: /dev/stdout
EOF
istioctl install -f my-config.yaml -y 2> /dev/null
istioctl install --set profile=demo -y
kubectl -n istio-system get deploy
kubectl -n istio-system get svc
kubectl label namespace default istio-injection=enabled
kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml
kubectl get pods
kubectl describe pod -l app=ratings
kubectl logs deploy/ratings-v1 -c istio-init
kubectl exec "$(kubectl get pod -l app=ratings -o jsonpath='{.items[0].metadata.name}')" -c ratings -- curl -sS productpage:9080/productpage | grep -o "<title>.*</title>"
kubectl logs deploy/productpage-v1 -c istio-proxy | grep -c '"GET /productpage HTTP/1.1" 200'
