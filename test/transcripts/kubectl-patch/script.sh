# kubectl patch, as kubectl pkg/cmd/patch/patch.go runs it against the API server's PATCH
# (apimachinery strategicpatch, evanphx/json-patch, RFC 7386). Bookinfo's deployments.
kubectl patch deployment reviews-v1 -p '{"spec":{"replicas":2}}'
kubectl get deployment reviews-v1 -o jsonpath='{.spec.replicas}{"\n"}'
kubectl patch deployment reviews-v1 -p '{"spec":{"replicas":2}}'
# Strategic merge: containers merge by name, so "ratings" keeps its image and gains an env var.
kubectl patch deployment ratings-v1 -p '{"spec":{"template":{"spec":{"containers":[{"name":"ratings","env":[{"name":"LOG_LEVEL","value":"debug"}]}]}}}}'
kubectl get deployment ratings-v1 -o jsonpath='{.spec.template.spec.containers[*].name} {.spec.template.spec.containers[0].env[*].name}{"\n"}'
# A merge key is required in each element.
kubectl patch deployment ratings-v1 -p '{"spec":{"template":{"spec":{"containers":[{"image":"nginx"}]}}}}'
# A JSON merge patch replaces lists whole; null removes a key.
kubectl patch service ratings --type merge -p '{"metadata":{"labels":{"tier":"backend"}}}'
kubectl get service ratings --show-labels
kubectl patch service ratings --type=merge -p '{"metadata":{"labels":{"tier":null}}}'
kubectl get service ratings --show-labels
# JSON patch with positional paths; a test that fails, a path that is missing.
kubectl patch deployment details-v1 --type=json -p='[{"op":"replace","path":"/spec/replicas","value":3}]'
kubectl get deployment details-v1
kubectl patch deployment details-v1 --type json -p '[{"op":"test","path":"/spec/replicas","value":1}]'
kubectl patch deployment details-v1 --type json -p '[{"op":"remove","path":"/spec/nope"}]'
# YAML works as well as JSON; a patch file too.
kubectl patch deployment details-v1 -p $'spec:\n  replicas: 1'
printf '{"spec":{"replicas":1}}' > replicas.json
kubectl patch deployment details-v1 --patch-file replicas.json --dry-run=client
# Custom resources have no strategic merge patch.
istioctl install --set profile=ambient --skip-confirmation
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-nothing
spec: {}
EOF
kubectl patch authorizationpolicy allow-nothing -p '{"spec":{"action":"DENY"}}'
kubectl patch authorizationpolicy allow-nothing --type merge -p '{"spec":{"action":"ALLOW"}}' -o wide
kubectl patch authorizationpolicy allow-nothing --type merge -p '{"spec":{"action":"ALLOW"}}' -o yaml
# Mistakes kubectl catches before any request.
kubectl patch deployment details-v1
kubectl patch deployment details-v1 -p '{}' --patch-file replicas.json
kubectl patch deployment details-v1 --type strategy -p '{}'
kubectl patch deployment details-v1 -p '{"spec": {'
kubectl patch deployment nope -p '{"spec":{"replicas":1}}'
kubectl patch deployment details-v1 -p '{}'
