# HTTPRoute RequestRedirect at a waypoint (Gateway API HTTPRequestRedirectFilter: statusCode
# defaults to 302, the CRD's default; the port is the filter's, else the scheme's well-known one when a scheme is
# set, else the listener's; Envoy answers with a location header and no body).
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait
kubectl apply -f - <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews-redirects
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: reviews
    port: 9080
  rules:
  - matches:
    - path:
        type: Exact
        value: /old
    filters:
    - type: RequestRedirect
      requestRedirect:
        path:
          type: ReplaceFullPath
          replaceFullPath: /reviews/0
  - matches:
    - path:
        type: PathPrefix
        value: /v1
    filters:
    - type: RequestRedirect
      requestRedirect:
        scheme: https
        hostname: reviews.example.com
        statusCode: 302
        path:
          type: ReplacePrefixMatch
          replacePrefixMatch: /api
  - backendRefs:
    - name: reviews
      port: 9080
EOF
kubectl exec deploy/curl -- curl -si http://reviews:9080/old
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{redirect_url}\n" "http://reviews:9080/v1/reviews/0?x=1"
kubectl exec deploy/curl -- curl -sL http://reviews:9080/old | grep -o '"podname": "reviews'
