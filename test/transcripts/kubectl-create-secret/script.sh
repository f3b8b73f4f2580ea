# `kubectl create secret tls|generic` (kubernetes/kubectl pkg/cmd/create/create_secret_tls.go,
# create_secret.go) as Istio's "Secure Gateways" task creates its credentials, from files the
# shell's openssl wrote; `tls` loads the pair as Go's tls.X509KeyPair does (crypto/tls/tls.go).
kubectl create namespace istio-system
mkdir example_certs1
mkdir example_certs1
mkdir a/b
mkdir -pv a/b
openssl req -x509 -sha256 -nodes -days 365 -newkey rsa:2048 -subj '/O=example Inc./CN=example.com' -keyout example_certs1/example.com.key -out example_certs1/example.com.crt 2> /dev/null
openssl req -out example_certs1/httpbin.example.com.csr -newkey rsa:2048 -nodes -keyout example_certs1/httpbin.example.com.key -subj "/CN=httpbin.example.com/O=httpbin organization" 2> /dev/null
openssl x509 -req -sha256 -days 365 -CA example_certs1/example.com.crt -CAkey example_certs1/example.com.key -set_serial 0 -in example_certs1/httpbin.example.com.csr -out example_certs1/httpbin.example.com.crt
kubectl create -n istio-system secret tls httpbin-credential \
  --key=example_certs1/httpbin.example.com.key \
  --cert=example_certs1/httpbin.example.com.crt
kubectl get secret -n istio-system httpbin-credential
kubectl get secret -n istio-system httpbin-credential -o jsonpath='{.data.tls\.crt}' | head -c 40
echo
kubectl create -n istio-system secret generic httpbin-credential-mutual --from-file=tls.key=example_certs1/httpbin.example.com.key \
  --from-file=tls.crt=example_certs1/httpbin.example.com.crt --from-file=ca.crt=example_certs1/example.com.crt
kubectl get secret -n istio-system httpbin-credential-mutual -o jsonpath='{.data}' | jq -c keys
kubectl create secret generic demo --from-literal=user=admin --from-literal=pass=s3cret --dry-run=client -o yaml
# Errors, kubectl's and Go's wording; nothing is created.
cat > truncated.crt <<'PEM'
-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIBADAKBggqhkjOPQQDAjAtMRUwEwYDVQQKDAxleGFtcGxl
-----END CERTIFICATE-----
PEM
kubectl create secret tls broken --cert=example_certs1/httpbin.example.com.key --key=example_certs1/httpbin.example.com.key
kubectl create secret tls broken --cert=example_certs1/httpbin.example.com.crt --key=example_certs1/httpbin.example.com.crt
kubectl create secret tls broken --cert=example_certs1/httpbin.example.com.crt --key=example_certs1/example.com.key
kubectl create secret tls broken --cert=truncated.crt --key=example_certs1/httpbin.example.com.key
kubectl create secret tls broken --cert=example_certs1/httpbin.example.com.crt
kubectl create secret tls broken --cert=nope.crt --key=example_certs1/httpbin.example.com.key
kubectl create secret generic broken --from-literal=novalue
kubectl create secret generic broken --from-file=missing.txt
kubectl create secret docker-registry regcred
kubectl create secret generic broken --from-literal='key#1=v'
kubectl create secret generic broken --from-literal=k=1 --from-literal=k=2
kubectl create secret generic broken --from-env-file=env.txt --from-literal=a=b
kubectl create secret tls broken --from-literal=a=b
kubectl create secret generic creds --from-literal=user=admin
kubectl create secret generic creds --from-literal=user=admin
# From a directory, an env file; --append-hash (pkg/util/hash, the Secret's type included).
mkdir conf
echo one > conf/one.txt
echo two > conf/two.txt
printf 'A=1\n# comment\nB=2\n' > env.txt
kubectl create secret generic dir --from-file=conf --dry-run=client -o yaml
kubectl create secret generic env --from-env-file=env.txt --append-hash
kubectl create secret generic env --from-env-file=conf
kubectl get secrets
