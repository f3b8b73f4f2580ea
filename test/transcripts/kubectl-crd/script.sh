# CustomResourceDefinitions as kubectl v1.34 shows them: a kind cluster has none until Istio's
# base chart installs them (crd-all.gen.yaml, 1.30.3); `get` prints NAME and CREATED AT
# (apiextensions' additional printer columns), `describe` the object and its status conditions.
kubectl get crd
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl get crds
kubectl get customresourcedefinitions.apiextensions.k8s.io peerauthentications.security.istio.io
kubectl get crd peerauthentications.security.istio.io -o yaml | sed -n '1,40p;/^status:/,$p'
kubectl describe crd peerauthentications.security.istio.io | sed -n '1,40p;/^Status:/,$p'
kubectl get crd nope.example.com; echo "exit $?"
kubectl delete crd nope.example.com; echo "exit $?"
