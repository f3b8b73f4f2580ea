# Istio 1.30 "Mutual TLS Migration" (docs/tasks/security/authentication/mtls-migration) on the
# default profile: sidecars in foo and bar (injected as the page does, `kubectl apply -f
# <(istioctl kube-inject -f …)`), a plain curl in legacy. Auto mTLS: sidecar clients speak Istio
# mTLS to sidecar servers, legacy plaintext.
istioctl install --set profile=default --skip-confirmation > /dev/null 2>&1
kubectl create ns foo
kubectl apply -f <(istioctl kube-inject -f samples/httpbin/httpbin.yaml) -n foo
kubectl apply -f <(istioctl kube-inject -f samples/curl/curl.yaml) -n foo
kubectl create ns bar
kubectl apply -f <(istioctl kube-inject -f samples/httpbin/httpbin.yaml) -n bar
kubectl apply -f <(istioctl kube-inject -f samples/curl/curl.yaml) -n bar
kubectl create ns legacy
kubectl apply -f samples/curl/curl.yaml -n legacy
kubectl rollout status deploy/httpbin -n foo
kubectl rollout status deploy/httpbin -n bar
kubectl get pods -n foo
for from in "foo" "bar" "legacy"; do for to in "foo" "bar"; do kubectl exec "$(kubectl get pod -l app=curl -n ${from} -o jsonpath={.items..metadata.name})" -c curl -n ${from} -- curl http://httpbin.${to}:8000/ip -s -o /dev/null -w "curl.${from} to httpbin.${to}: %{http_code}\n"; done; done
kubectl get peerauthentication --all-namespaces
kubectl get destinationrule --all-namespaces
# Lock down to mutual TLS by namespace.
kubectl apply -n foo -f - <<EOF
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: "default"
spec:
  mtls:
    mode: STRICT
EOF
for from in "foo" "bar" "legacy"; do for to in "foo" "bar"; do kubectl exec "$(kubectl get pod -l app=curl -n ${from} -o jsonpath={.items..metadata.name})" -c curl -n ${from} -- curl http://httpbin.${to}:8000/ip -s -o /dev/null -w "curl.${from} to httpbin.${to}: %{http_code}\n"; done; done
# The destination sidecar's metrics name the peer for the mTLS requests (source_principal).
kubectl exec -n foo deploy/httpbin -c istio-proxy -- curl -s localhost:15020/stats/prometheus | grep '^istio_requests_total' | grep 'reporter="destination"' | grep -o 'connection_security_policy="[a-z_]*"\|source_principal="[^"]*"\|source_workload_namespace="[a-z]*"' | sort | uniq -c
# The capture shows it on the wire: the curl.foo → httpbin.foo hop is a TLS ClientHello, not HTTP.
kubectl debug -n foo "$(kubectl get pod -n foo -l app=httpbin -o jsonpath={.items..metadata.name})" --image=nicolaka/netshoot -c netshoot -- tcpdump -nAi eth0 -c 4 port 8080
kubectl exec -n foo deploy/curl -c curl -- curl http://httpbin.foo:8000/ip -s -o /dev/null -w "%{http_code}\n"
kubectl logs -n foo "$(kubectl get pod -n foo -l app=httpbin -o jsonpath={.items..metadata.name})" -c netshoot | grep -E '^[0-9:.]+ IP |packets'
kubectl logs -n foo "$(kubectl get pod -n foo -l app=httpbin -o jsonpath={.items..metadata.name})" -c netshoot | grep -c 'GET /ip'
# Lock down mutual TLS for the entire mesh.
kubectl apply -n istio-system -f - <<EOF
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: "default"
spec:
  mtls:
    mode: STRICT
EOF
for from in "foo" "bar" "legacy"; do for to in "foo" "bar"; do kubectl exec "$(kubectl get pod -l app=curl -n ${from} -o jsonpath={.items..metadata.name})" -c curl -n ${from} -- curl http://httpbin.${to}:8000/ip -s -o /dev/null -w "curl.${from} to httpbin.${to}: %{http_code}\n"; done; done
# Clean up the example.
kubectl delete peerauthentication -n foo default
kubectl delete peerauthentication -n istio-system default
kubectl delete ns foo bar legacy
