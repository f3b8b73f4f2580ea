# `kubectl create secret tls|generic` (kubernetes/kubectl pkg/cmd/create/create_secret_tls.go,
# create_secret.go) as Istio's "Secure Gateways" task creates its credentials; the PEM files here
# are written by hand (the shell has no openssl), so only their block types are real.
kubectl create namespace istio-system
mkdir example_certs1
mkdir example_certs1
mkdir a/b
mkdir -pv a/b
cat > example_certs1/httpbin.example.com.crt <<'PEM'
-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIBADAKBggqhkjOPQQDAjAtMRUwEwYDVQQKDAxleGFtcGxl
-----END CERTIFICATE-----
PEM
cat > example_certs1/httpbin.example.com.key <<'PEM'
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg
-----END PRIVATE KEY-----
PEM
kubectl create -n istio-system secret tls httpbin-credential \
  --key=example_certs1/httpbin.example.com.key \
  --cert=example_certs1/httpbin.example.com.crt
kubectl get secret -n istio-system httpbin-credential
kubectl get secret -n istio-system httpbin-credential -o jsonpath='{.data.tls\.crt}' | head -c 40
echo
kubectl create -n istio-system secret generic httpbin-credential-mutual --from-file=tls.key=example_certs1/httpbin.example.com.key \
  --from-file=tls.crt=example_certs1/httpbin.example.com.crt --from-file=ca.crt=example_certs1/httpbin.example.com.crt
kubectl get secret -n istio-system httpbin-credential-mutual -o jsonpath='{.data}' | jq -c keys
kubectl create secret generic demo --from-literal=user=admin --from-literal=pass=s3cret --dry-run=client -o yaml
# Errors, kubectl's wording; nothing is created.
kubectl create secret tls broken --cert=example_certs1/httpbin.example.com.key --key=example_certs1/httpbin.example.com.key
kubectl create secret tls broken --cert=example_certs1/httpbin.example.com.crt
kubectl create secret tls broken --cert=nope.crt --key=example_certs1/httpbin.example.com.key
kubectl create secret generic broken --from-literal=novalue
kubectl create secret generic broken --from-file=missing.txt
kubectl create secret docker-registry regcred
kubectl get secrets
