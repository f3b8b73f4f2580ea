# `istioctl kube-inject` (istio/istio 1.30.3 istioctl/pkg/kubeinject/kubeinject.go,
# pkg/kube/inject/inject.go IntoResourceFile): documents with a pod template get the cluster's
# sidecar (the injector's template and values) and are printed as sigs.k8s.io/yaml marshals them
# (`resources: {}`, `strategy: {}`, `status: {}`); others pass through as written; `---` follows
# each. Pods that opt out are reported on stderr. Before Istio is installed the mesh config
# map is missing.
istioctl kube-inject -f samples/curl/curl.yaml
istioctl install --set profile=default --skip-confirmation > /dev/null 2>&1
istioctl kube-inject -f samples/curl/curl.yaml | grep -v '^          \|^        - \(name\|value\)'
istioctl kube-inject -f samples/curl/curl.yaml | kubectl apply -f -
kubectl rollout status deploy/curl
kubectl get pods -l app=curl
kubectl get pod -l app=curl -o jsonpath='{.items[0].metadata.annotations.sidecar\.istio\.io/status}'
echo
istioctl kube-inject -f samples/curl/curl.yaml -o curl-injected.yaml
grep -c istio-proxy curl-injected.yaml
cat > opted-out.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: plain
  namespace: demo
spec:
  selector:
    matchLabels:
      app: plain
  template:
    metadata:
      labels:
        app: plain
        sidecar.istio.io/inject: "false"
    spec:
      containers:
      - name: app
        image: curlimages/curl
YAML
istioctl kube-inject -f opted-out.yaml
istioctl kube-inject
istioctl kube-inject -f missing.yaml
istioctl kube-inject -f samples/curl/curl.yaml --injectConfigFile /tmp/inj-template.tmpl
