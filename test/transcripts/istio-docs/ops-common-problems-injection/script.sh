# Istio 1.30 "Sidecar Injection Problems" (docs/ops/common-problems/injection): the page's
# commands verbatim, in order, against what it assumes: Istio installed (the default profile) and a
# `sleep` Deployment. Added: the setup, and the same grep on istio-revision-tag-default. The page's outputs predate revision tags: on 1.30.3
# istioctl install leaves istio-sidecar-injector's entries never matching and injects through
# istio-revision-tag-default; there is no istio-sidecar-injector ConfigMap in the playground
# (istiod's injection template is built in), no caBundle is patched into the webhooks, and no
# `istio=sidecar-injector` pods exist since 1.5 (istiod injects). The shell has no md5sum.
istioctl install --skip-confirmation > /dev/null 2>&1
kubectl apply -f samples/sleep/sleep.yaml > /dev/null
kubectl get mutatingwebhookconfiguration istio-sidecar-injector -o yaml | grep "namespaceSelector:" -A5
kubectl get mutatingwebhookconfiguration istio-revision-tag-default -o yaml | grep "namespaceSelector:" -A5
kubectl get namespace -L istio-injection
kubectl label namespace istio-system istio-injection=disabled --overwrite
kubectl label namespace default istio-injection=enabled --overwrite
kubectl get namespace -L istio-injection
kubectl -n istio-system get configmap istio-sidecar-injector -o jsonpath='{.data.config}' | grep policy:
kubectl get deployment sleep -o yaml | grep "sidecar.istio.io/inject:" -C3
kubectl get mutatingwebhookconfiguration istio-sidecar-injector -o yaml -o jsonpath='{.webhooks[0].clientConfig.caBundle}' | md5sum
kubectl -n istio-system get configmap istio-ca-root-cert -o jsonpath='{.data.root-cert\.pem}' | base64 -w 0 | md5sum
kubectl -n istio-system get pod -listio=sidecar-injector
kubectl -n istio-system get endpoints istio-sidecar-injector
