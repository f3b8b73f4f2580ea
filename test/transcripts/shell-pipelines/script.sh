# The shell language Istio's docs use.
export NS=default
echo "namespace is $NS"
kubectl get pods -n $NS --no-headers | wc -l
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || echo "Gateway API CRDs are not installed"
for svc in details ratings; do kubectl get svc $svc -o jsonpath='{.metadata.name}:{.spec.ports[0].port}{"\n"}'; done
kubectl get pods -l app=reviews -o name | sort
cat <<EOF | grep -c line
line one
line two
EOF
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.labels.app}{"\n"}{end}' | sort | uniq -c
ls samples/bookinfo/platform/kube
echo $(kubectl get svc productpage -o jsonpath='{.spec.ports[0].port}')
nosuchcommand
echo "unterminated
