# kubelet's probes (pkg/kubelet/prober): readiness drives READY and the Service's endpoints,
# a failing liveness probe restarts the container, exec probes run in the container.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: httpbin
    image: docker.io/mccutchen/go-httpbin:v2.15.0
    ports:
    - containerPort: 8080
    readinessProbe:
      httpGet:
        path: /status/503
        port: 8080
    livenessProbe:
      tcpSocket:
        port: 8080
YAML
kubectl expose pod web --port 8000 --target-port 8080
sleep 40
kubectl get pod web
kubectl describe pod web | grep -E 'Ready|Liveness|Readiness|Unhealthy'
kubectl get endpointslices -l kubernetes.io/service-name=web
kubectl get events --field-selector involvedObject.name=web,type=Warning
