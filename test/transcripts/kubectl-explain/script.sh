# `kubectl explain` as kubectl v1.34 renders it (kubectl pkg/explain/v2/templates/plaintext.tmpl)
# over the API server's OpenAPI v3 documents (Kubernetes v1.34 api/openapi-spec/v3).
kubectl explain pod.spec.containers.image
kubectl explain deploy.spec.strategy
kubectl explain deployments.apps.spec.replicas
kubectl explain svc.spec.ports
kubectl explain cm --recursive
kubectl explain pods.spec.securityContext --recursive | head -20
# A CRD kind: its schema as installed (Istio 1.30.3's CRDs carry no descriptions here).
istioctl install --set profile=ambient -y > /dev/null
kubectl explain authorizationpolicies.spec.action
kubectl explain virtualservices --api-version=networking.istio.io/v1beta1 | head -12
# Errors, with kubectl's wording and exit codes.
kubectl explain pods.spec.foo.bar; echo "exit $?"
kubectl explain foo; echo "exit $?"
kubectl explain; echo "exit $?"
kubectl explain pods svc; echo "exit $?"
kubectl explain pods --api-version=apps/v1; echo "exit $?"
kubectl explain pods --api-version=v2; echo "exit $?"
kubectl explain pods -o yaml; echo "exit $?"
kubectl explain pods -o plaintext-openapiv2; echo "exit $?"
