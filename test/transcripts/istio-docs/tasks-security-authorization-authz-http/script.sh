# Istio 1.30 "HTTP Traffic" (docs/tasks/security/authorization/authz-http) as the page runs it:
# the default profile, Bookinfo with sidecars (istio-injection=enabled), the page's policies
# verbatim. The page points a browser at productpage; here curl in a meshed pod fetches it and
# grep picks out the sections the page names. Each denial is the destination sidecar's (Envoy's
# RBAC filter: 403 "RBAC: access denied"); a selector policy with `methods` is enforced whole, as
# sidecars do L7 (unlike ztunnel, see tasks-security-authorization-authz-tcp). The reviews app's
# own text is "Ratings service is currently unavailable" (the page paraphrases it).
istioctl install --set profile=default --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio-injection=enabled > /dev/null
kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml > /dev/null
kubectl apply -f samples/curl/curl.yaml > /dev/null
kubectl wait --for=condition=Ready pod --all --timeout=120s > /dev/null
kubectl exec deploy/curl -- curl -sS productpage:9080/productpage | grep -o -e "<title>.*</title>" -e "Book Details" -e "Book Reviews" | sort -u
kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1beta1
kind: AuthorizationPolicy
metadata:
  name: allow-nothing
  namespace: default
spec:
  {}
EOF
kubectl exec deploy/curl -- curl -sS productpage:9080/productpage
kubectl apply -f - <<EOF
apiVersion: "security.istio.io/v1beta1"
kind: "AuthorizationPolicy"
metadata:
  name: "productpage-viewer"
  namespace: default
spec:
  selector:
    matchLabels:
      app: productpage
  action: ALLOW
  rules:
  - to:
    - operation:
        methods: ["GET"]
EOF
kubectl exec deploy/curl -- curl -sS productpage:9080/productpage | grep -o -e "<title>.*</title>" -e "Error fetching product details" -e "Error fetching product reviews"
kubectl apply -f - <<EOF
apiVersion: "security.istio.io/v1beta1"
kind: "AuthorizationPolicy"
metadata:
  name: "details-viewer"
  namespace: default
spec:
  selector:
    matchLabels:
      app: details
  action: ALLOW
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/default/sa/bookinfo-productpage"]
    to:
    - operation:
        methods: ["GET"]
EOF
kubectl apply -f - <<EOF
apiVersion: "security.istio.io/v1beta1"
kind: "AuthorizationPolicy"
metadata:
  name: "reviews-viewer"
  namespace: default
spec:
  selector:
    matchLabels:
      app: reviews
  action: ALLOW
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/default/sa/bookinfo-productpage"]
    to:
    - operation:
        methods: ["GET"]
EOF
for i in 1 2 3; do kubectl exec deploy/curl -- curl -sS productpage:9080/productpage | grep -o -e "Book Details" -e "Book Reviews" -e "Ratings service is currently unavailable" -e "Error fetching product [a-z]*" | sort -u | tr '\n' ' '; echo; done
kubectl apply -f - <<EOF
apiVersion: "security.istio.io/v1beta1"
kind: "AuthorizationPolicy"
metadata:
  name: "ratings-viewer"
  namespace: default
spec:
  selector:
    matchLabels:
      app: ratings
  action: ALLOW
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/default/sa/bookinfo-reviews"]
    to:
    - operation:
        methods: ["GET"]
EOF
for i in 1 2 3 4 5 6; do kubectl exec deploy/curl -- curl -sS productpage:9080/productpage | grep -o -e 'color="[a-z]*"' -e "Ratings service is currently unavailable" | sort -u | tr '\n' ' '; echo; done
kubectl delete authorizationpolicy.security.istio.io/allow-nothing
kubectl delete authorizationpolicy.security.istio.io/productpage-viewer
kubectl delete authorizationpolicy.security.istio.io/details-viewer
kubectl delete authorizationpolicy.security.istio.io/reviews-viewer
kubectl delete authorizationpolicy.security.istio.io/ratings-viewer
