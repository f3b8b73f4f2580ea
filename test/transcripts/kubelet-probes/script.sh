# kubelet's probes (pkg/kubelet/prober): readiness drives READY and the Service's endpoints, a
# failing liveness probe restarts the container, exec probes run in the container. Probes come
# from the node (httpGet carries User-Agent kube-probe/1.30).
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
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 8000
    targetPort: 8080
YAML
sleep 35
kubectl get pod web
kubectl get pod web -o yaml | grep -A8 readinessProbe
kubectl describe pod web | grep -E 'Ready|Liveness|Readiness|Unhealthy'
kubectl get endpointslices -l kubernetes.io/service-name=web -o jsonpath='{.items[0].endpoints[0].conditions}'
echo
kubectl logs web | grep kube-probe | tail -1
# exec probes: `cat` a file that exists passes, one that does not fails.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: exec-probes
spec:
  containers:
  - name: app
    image: curlimages/curl
    command: ["sleep", "3600"]
    readinessProbe:
      exec:
        command: ["cat", "/etc/hostname"]
      periodSeconds: 5
    livenessProbe:
      exec:
        command: ["cat", "/tmp/healthy"]
      initialDelaySeconds: 5
      periodSeconds: 5
YAML
sleep 12
kubectl get pod exec-probes
sleep 10
kubectl get pod exec-probes
kubectl describe pod exec-probes | grep -E 'Restart Count|Liveness|Readiness|Unhealthy|Killing'
