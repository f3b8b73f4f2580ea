# Kubernetes v1.34: the EndpointSlice controller keeps one slice per Service (kube-proxy and
# Istio read these); v1 Endpoints still exist but the API server warns on every request.
kubectl get endpointslices
kubectl get endpointslice -l kubernetes.io/service-name=productpage -o yaml
kubectl get endpoints productpage
kubectl scale deploy reviews-v1 --replicas=0
kubectl get endpointslices -l app=reviews
kubectl scale deploy reviews-v2 reviews-v3 --replicas=0
kubectl get endpointslices -l kubernetes.io/service-name=reviews
kubectl delete svc details
kubectl get endpointslices
kubectl api-resources --api-group=discovery.k8s.io
