# istio-cni tells each node's ztunnel which pods it serves (ztunnel src/inpod/statemanager.rs,
# workloadmanager.rs; istio.io docs/ambient/architecture/traffic-redirection "Check the ztunnel
# proxy logs"): a snapshot when the ztunnel connects, then an add or a delete per pod.
istioctl install --set profile=ambient --skip-confirmation
kubectl create namespace ambient-demo
kubectl label namespace ambient-demo istio.io/dataplane-mode=ambient
kubectl apply -f samples/curl/curl.yaml -n ambient-demo
kubectl wait --for=condition=ready pod -l app=curl -n ambient-demo --timeout=60s
NODE=$(kubectl get pod -l app=curl -n ambient-demo -o jsonpath='{.items[0].spec.nodeName}')
ZTUNNEL=$(kubectl get pods -n istio-system -l app=ztunnel --field-selector spec.nodeName=$NODE -o name)
kubectl get pod -l app=curl -n ambient-demo -o jsonpath='{.items[0].metadata.uid}{"\n"}'
kubectl logs -n istio-system $ZTUNNEL | grep -E "inpod|readiness|listener established"
# Leaving the mesh: istio-cni removes the redirection and tells the ztunnel.
kubectl label namespace ambient-demo istio.io/dataplane-mode-
kubectl logs -n istio-system $ZTUNNEL --tail 2 | grep inpod
# A new ztunnel gets the enrolled pods in its first snapshot.
kubectl label namespace ambient-demo istio.io/dataplane-mode=ambient
kubectl rollout restart ds/ztunnel -n istio-system
kubectl rollout status ds/ztunnel -n istio-system
ZTUNNEL=$(kubectl get pods -n istio-system -l app=ztunnel --field-selector spec.nodeName=$NODE -o name)
kubectl logs -n istio-system $ZTUNNEL | grep inpod
