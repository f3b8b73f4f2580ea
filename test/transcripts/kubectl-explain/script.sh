# `kubectl explain` as kubectl v1.34 renders it (kubectl pkg/explain/v2/templates/plaintext.tmpl)
# over the API server's OpenAPI v3 documents (Kubernetes v1.34 api/openapi-spec/v3).
kubectl explain pod.spec.containers.image
kubectl explain deploy.spec.strategy
kubectl explain deployments.apps.spec.replicas
kubectl explain svc.spec.ports
kubectl explain cm --recursive
kubectl explain pods.spec.securityContext --recursive | head -20
# A CRD kind: its schema as installed, with upstream's descriptions (Istio 1.30.3
# crd-all.gen.yaml, Gateway API v1.4.0 standard-install.yaml).
istioctl install --set profile=ambient -y > /dev/null
kubectl explain authorizationpolicies.spec.action
kubectl explain authorizationpolicies.spec.rules.from.source.principals
kubectl explain virtualservices --api-version=networking.istio.io/v1beta1 | head -12
kubectl explain virtualservices.spec | head -24
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
kubectl explain httproutes.spec.parentRefs.port | head -20
kubectl explain gateways.gateway.networking.k8s.io.spec.listeners --recursive | head -30
# Errors, with kubectl's wording and exit codes.
kubectl explain pods.spec.foo.bar; echo "exit $?"
kubectl explain foo; echo "exit $?"
kubectl explain; echo "exit $?"
kubectl explain pods svc; echo "exit $?"
kubectl explain pods --api-version=apps/v1; echo "exit $?"
kubectl explain pods --api-version=v2; echo "exit $?"
kubectl explain pods -o yaml; echo "exit $?"
# The older renderer (kubectl pkg/explain over the OpenAPI v2 model).
kubectl explain pods -o plaintext-openapiv2 | head -12
kubectl explain pods.spec.containers --output=plaintext-openapiv2 | head -16
kubectl explain deploy.spec.replicas --output=plaintext-openapiv2
kubectl explain cm --recursive --output=plaintext-openapiv2
kubectl explain virtualservices.spec.http.route --output=plaintext-openapiv2 | head -20
kubectl explain pods.spec.foo --output=plaintext-openapiv2; echo "exit $?"
