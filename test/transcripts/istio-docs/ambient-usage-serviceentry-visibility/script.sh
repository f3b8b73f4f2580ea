# Istio "ServiceEntry visibility" (docs/ambient/usage/serviceentry-visibility): a 1.31 feature
# (`meshConfig.serviceEntryVisibility`, istio/api #3729), so on 1.30.3 istioctl refuses the page's
# IstioOperator as an unknown MeshConfig field, istiod writes no `istio.io/VisibilityApplied`
# condition and ztunnel's services carry no `visibility`. The page's IstioOperator is saved to a
# file and installed; a ServiceEntry `my-service` in `team-a` gives its two commands something to
# read.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
cat <<EOF > visibility.yaml
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
spec:
  meshConfig:
    serviceEntryVisibility:
      # ServiceEntries matching no policy below stay in their own namespace.
      defaultVisibility: NAMESPACE
      policies:
        # ServiceEntries in istio-system are visible mesh-wide.
        - visibility: PUBLIC
          matchingRules:
            - namespaceSelector:
                matchLabels:
                  kubernetes.io/metadata.name: istio-system
EOF
istioctl install --set profile=ambient -f visibility.yaml -y
kubectl create namespace team-a
kubectl label namespace team-a istio.io/dataplane-mode=ambient
kubectl apply -n team-a -f - <<EOF
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: my-service
spec:
  hosts:
  - example.com
  ports:
  - number: 80
    name: http
    protocol: HTTP
  resolution: DNS
EOF
kubectl get serviceentry my-service -n team-a -o jsonpath='{.status.conditions[?(@.type=="istio.io/VisibilityApplied")].reason}'
kubectl get serviceentry my-service -n team-a -o jsonpath='{.status.conditions[*].type}'; echo
istioctl ztunnel-config service --service-namespace team-a -o yaml
