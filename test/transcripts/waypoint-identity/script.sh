# What a waypoint changes for L4 policy (reference §5.2): service-addressed traffic goes through the
# waypoint, the destination ztunnel sees the waypoint's identity, and a targetRefs policy does
# nothing once no waypoint serves its Service (its status says why).
istioctl install --set profile=ambient --skip-confirmation > /dev/null
# Envoy access logs (waypoints, sidecars) are off in the ambient profile: Istio's "Envoy Access
# Logs" task turns them on mesh-wide with the Telemetry API.
kubectl apply -f - <<TELEMETRY
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: mesh-default
  namespace: istio-system
spec:
  accessLogging:
  - providers:
    - name: envoy
TELEMETRY
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.0/experimental-install.yaml > /dev/null
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: productpage-ztunnel
spec:
  selector:
    matchLabels:
      app: productpage
  action: ALLOW
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/default/sa/curl"]
EOF
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://productpage:9080/productpage
istioctl waypoint apply --enroll-namespace --wait
# The service is reached through the waypoint, so ztunnel now sees the waypoint, not curl.
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage
kubectl logs deploy/waypoint --tail 1
kubectl logs -n istio-system $(kubectl get pods -n istio-system -l app=ztunnel --field-selector spec.nodeName=$(kubectl get pods -l app=productpage -o jsonpath='{.items[0].spec.nodeName}') -o name) --tail 1 | grep -o 'src.identity="[^"]*"\|error=.*'
# A waypoint for services: a pod addressed directly bypasses it, and curl's identity still counts.
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://$(kubectl get pods -l app=productpage -o jsonpath='{.items[0].status.podIP}'):9080/productpage
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: productpage-ztunnel
spec:
  selector:
    matchLabels:
      app: productpage
  action: ALLOW
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/default/sa/curl", "cluster.local/ns/default/sa/waypoint"]
EOF
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://productpage:9080/productpage
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: productpage-waypoint
spec:
  targetRefs:
  - kind: Service
    group: ""
    name: productpage
  action: DENY
  rules:
  - to:
    - operation:
        methods: ["DELETE"]
EOF
kubectl exec deploy/curl -- curl -s -X DELETE http://productpage:9080/productpage
kubectl get authorizationpolicy productpage-waypoint -o jsonpath='{.status.conditions[0].reason}: {.status.conditions[0].message}{"\n"}'
# Without a waypoint the targetRefs policy is not enforced anywhere: the app answers the DELETE.
kubectl label namespace default istio.io/use-waypoint-
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" -X DELETE http://productpage:9080/productpage
kubectl get authorizationpolicy productpage-waypoint -o jsonpath='{.status.conditions[0].reason}: {.status.conditions[0].message}{"\n"}'
