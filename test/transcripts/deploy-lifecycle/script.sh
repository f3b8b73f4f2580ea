# Applying, scaling, restarting and deleting workloads; endpoints follow the pods.
kubectl create namespace demo
kubectl apply -n demo -f samples/httpbin/httpbin.yaml
kubectl apply -n demo -f samples/httpbin/httpbin.yaml
kubectl get pods -n demo -o wide
kubectl exec deploy/curl -- curl -s http://httpbin.demo:8000/get
kubectl scale deploy/httpbin -n demo --replicas=3
kubectl get endpoints httpbin -n demo
kubectl rollout restart deploy/httpbin -n demo
kubectl rollout status deploy/httpbin -n demo
# A bare type is every object of it: one is fine, several are refused (kubectl's status.go).
kubectl rollout status deployment -n demo --watch=false
kubectl rollout status deployment
kubectl get pods -n demo
kubectl wait --for=condition=Ready pod -l app=httpbin -n demo --timeout=60s
kubectl delete -n demo -f samples/httpbin/httpbin.yaml
kubectl exec deploy/curl -- curl -sS http://httpbin.demo:8000/get
kubectl delete namespace demo
kubectl get ns
