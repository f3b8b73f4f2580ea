# `istioctl proxy-config secret` (istio 1.30.3 istioctl/pkg/writer/compare/sds: writer.go's
# columns RESOURCE NAME, TYPE, STATUS, VALID CERT, SERIAL NUMBER, NOT AFTER, NOT BEFORE with
# tabwriter padding 5; util.go's `%032x` serial and CA/Cert Chain from the certificate) for an
# ingress gateway serving TLS from its credential Secret (SDS `kubernetes://NAME`, and
# `kubernetes://NAME-cacert` once MUTUAL: pilot/pkg/credentials/kube), and for a waypoint;
# `-o json` is Envoy's SecretsConfigDump (keys redacted). Set up as Secure Gateways does; its CA has
# the random serial `openssl req -x509` draws, whose width moves the later columns, so the MUTUAL
# table is cut before SERIAL NUMBER to hold still.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
kubectl apply -f samples/httpbin/httpbin.yaml
mkdir example_certs1
openssl req -x509 -sha256 -nodes -days 365 -newkey rsa:2048 -subj '/O=example Inc./CN=example.com' -keyout example_certs1/example.com.key -out example_certs1/example.com.crt 2> /dev/null
openssl req -out example_certs1/httpbin.example.com.csr -newkey rsa:2048 -nodes -keyout example_certs1/httpbin.example.com.key -subj "/CN=httpbin.example.com/O=httpbin organization" 2> /dev/null
openssl x509 -req -sha256 -days 365 -CA example_certs1/example.com.crt -CAkey example_certs1/example.com.key -set_serial 0 -in example_certs1/httpbin.example.com.csr -out example_certs1/httpbin.example.com.crt 2> /dev/null
kubectl create -n istio-system secret tls httpbin-credential \
  --key=example_certs1/httpbin.example.com.key \
  --cert=example_certs1/httpbin.example.com.crt
cat <<EOF | kubectl apply -f -
apiVersion: gateway.networking.k8s.io/v1beta1
kind: Gateway
metadata:
  name: mygateway
  namespace: istio-system
spec:
  gatewayClassName: istio
  listeners:
  - name: https
    hostname: "httpbin.example.com"
    port: 443
    protocol: HTTPS
    tls:
      mode: Terminate
      certificateRefs:
      - name: httpbin-credential
    allowedRoutes:
      namespaces:
        from: Selector
        selector:
          matchLabels:
            kubernetes.io/metadata.name: default
EOF
cat <<EOF | kubectl apply -f -
apiVersion: gateway.networking.k8s.io/v1beta1
kind: HTTPRoute
metadata:
  name: httpbin
spec:
  parentRefs:
  - name: mygateway
    namespace: istio-system
  hostnames: ["httpbin.example.com"]
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /status
    - path:
        type: PathPrefix
        value: /delay
    backendRefs:
    - name: httpbin
      port: 8000
EOF
kubectl wait --for=condition=ready pod -l gateway.networking.k8s.io/gateway-name=mygateway -n istio-system
istioctl proxy-config secret deploy/mygateway-istio -n istio-system
kubectl -n istio-system delete secret httpbin-credential
kubectl create -n istio-system secret generic httpbin-credential \
  --from-file=tls.key=example_certs1/httpbin.example.com.key \
  --from-file=tls.crt=example_certs1/httpbin.example.com.crt \
  --from-file=ca.crt=example_certs1/example.com.crt
cat <<EOF | kubectl apply -f -
apiVersion: gateway.networking.k8s.io/v1beta1
kind: Gateway
metadata:
  name: mygateway
  namespace: istio-system
spec:
  gatewayClassName: istio
  listeners:
  - name: https
    hostname: "httpbin.example.com"
    port: 443
    protocol: HTTPS
    tls:
      mode: Terminate
      certificateRefs:
      - name: httpbin-credential
      options:
        gateway.istio.io/tls-terminate-mode: MUTUAL
    allowedRoutes:
      namespaces:
        from: Selector
        selector:
          matchLabels:
            kubernetes.io/metadata.name: default
EOF
istioctl pc secret deploy/mygateway-istio -n istio-system | sed -E 's/^(.{79}).*/\1/; s/ +$//'
istioctl pc secret deploy/mygateway-istio -n istio-system -o json | jq -r '.dynamic_active_secrets[] | [.name, (.secret | keys - ["@type", "name"] | join(","))] | @tsv'
istioctl waypoint apply -n default --enroll-namespace --wait
istioctl pc secret deploy/waypoint
istioctl pc secret deploy/waypoint -o json | jq '.dynamic_active_secrets[0].secret.tls_certificate.private_key'
