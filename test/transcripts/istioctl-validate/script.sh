# istioctl validate (istioctl/pkg/validate/validate.go, 1.30.3): works offline on files, stdin and
# directories; Istio kinds get the proto decode, the schema and Istio's own rules
# (pkg/config/validation); Services their port names; Deployments a note on telemetry labels.
istioctl validate
istioctl validate --help | sed -n '1,8p;/^Flags:/,$p'
istioctl validate -f samples/bookinfo/networking/virtual-service-all-v1.yaml
istioctl v -f samples/bookinfo/networking/destination-rule-all.yaml,samples/bookinfo/networking/bookinfo-gateway.yaml; echo "exit $?"
istioctl validate -f samples/bookinfo/platform/kube/bookinfo.yaml; echo "exit $?"
istioctl validate -f nope.yaml; echo "exit $?"
istioctl validate -f samples/bookinfo/networking extra; echo "exit $?"
istioctl validate -f - <<EOF
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: -15
EOF
echo "exit $?"
istioctl validate -f - <<EOF
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: broken
  namespace: demo
spec:
  hosts:
  - "*"
  - Reviews_
EOF
echo "exit $?"
cat <<EOF > typo.yaml
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: deny
spec:
  selectr:
    matchLabels:
      app: productpage
  action: DENY
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: deny-enum
spec:
  action: DENYY
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    tls:
      mod: ISTIO_MUTUAL
EOF
istioctl validate -f typo.yaml; echo "exit $?"
cat <<EOF > warn.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews-cb-policy
spec:
  host: reviews.prod.svc.cluster.local
  trafficPolicy:
    outlierDetection:
      consecutiveErrors: 7
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 80
  - name: admin
    port: 9000
  - name: http-web
    port: 8080
  - name: dns
    port: 53
    protocol: UDP
EOF
istioctl validate -f warn.yaml; echo "exit $?"
istioctl validate -f warn.yaml -f samples/bookinfo/networking/virtual-service-all-v1.yaml; echo "exit $?"
kubectl get deploy productpage-v1 -o yaml | sed 's/version: v1/tier: web/' | istioctl validate -f -
kubectl get svc -o yaml | istioctl validate -f -; echo "exit $?"
istioctl validate -f - <<EOF
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
extra: true
EOF
echo "exit $?"
printf 'kind: Service\nmetadata:\n  name: a\n  name: b\n' | istioctl validate -f -; echo "exit $?"
