# The injector rewrites an app's HTTP and TCP probes to pilot-agent's status port (istio/istio
# 1.30.3 pkg/kube/inject/app_probe.go; pilot/cmd/pilot-agent/status/server.go handleAppProbe), so
# they pass under STRICT mutual TLS: kubelet GETs :15020/app-health/<container>/readyz|livez, which
# istio-iptables does not capture, and pilot-agent runs the original probe from inside the pod
# (`ISTIO_KUBE_APP_PROBERS`). With `sidecar.istio.io/rewriteAppHTTPProbers: "false"` kubelet's
# plaintext probe meets the sidecar's inbound listener and STRICT refuses it.
istioctl install --set profile=default --skip-confirmation > /dev/null 2>&1
kubectl create ns probes
kubectl label namespace probes istio-injection=enabled
kubectl apply -n probes -f - <<'YAML'
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
spec:
  mtls:
    mode: STRICT
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: httpbin
        image: docker.io/mccutchen/go-httpbin:v2.15.0
        ports:
        - name: http
          containerPort: 8080
        readinessProbe:
          httpGet:
            path: /status/200
            port: 8080
          periodSeconds: 5
        livenessProbe:
          tcpSocket:
            port: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: no-rewrite
spec:
  selector:
    matchLabels:
      app: no-rewrite
  template:
    metadata:
      labels:
        app: no-rewrite
      annotations:
        sidecar.istio.io/rewriteAppHTTPProbers: "false"
    spec:
      containers:
      - name: httpbin
        image: docker.io/mccutchen/go-httpbin:v2.15.0
        ports:
        - containerPort: 8080
        readinessProbe:
          httpGet:
            path: /status/200
            port: 8080
          periodSeconds: 5
YAML
sleep 30
kubectl get pods -n probes
kubectl get pod -n probes -l app=web -o yaml | grep -A6 -E '^ +(livenessProbe|readinessProbe):'
kubectl get pod -n probes -l app=web -o jsonpath='{.items[0].spec.initContainers[1].env[?(@.name=="ISTIO_KUBE_APP_PROBERS")].value}'
echo
kubectl describe pod -n probes -l app=web | grep -E 'Liveness|Readiness'
kubectl logs -n probes deploy/web | grep kube-probe | tail -1
kubectl describe pod -n probes -l app=no-rewrite | grep -E 'Readiness|Unhealthy'
# The status port answers only the paths the env var holds.
kubectl exec -n probes deploy/web -c istio-proxy -- pilot-agent request GET app-health/httpbin/readyz --debug-port 15020
kubectl exec -n probes deploy/web -c istio-proxy -- pilot-agent request GET app-health/other/livez --debug-port 15020
