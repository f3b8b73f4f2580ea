# istioctl x describe with the classic ingress gateway (default profile): printIngressInfo reads the
# gateway's config dump and prints the VirtualService bound to a Gateway that selects it, with
# the address it is exposed on (the LoadBalancer's, else the gateway pod's node).
istioctl install --set profile=default --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio-injection=enabled > /dev/null
kubectl rollout restart deploy -n default > /dev/null
kubectl rollout status deploy productpage-v1 > /dev/null
kubectl apply -f samples/bookinfo/networking/bookinfo-gateway.yaml > /dev/null
kubectl get svc -n istio-system
istioctl x describe pod $(kubectl get pod -l app=productpage -o jsonpath='{.items[0].metadata.name}')
istioctl x describe svc productpage
