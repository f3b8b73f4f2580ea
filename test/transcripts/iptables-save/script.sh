# iptables-save in Istio's base image (apps/iptables-save.ts): counters (-c), one table (-t), a
# table the pod does not have, privileged containers, the options and tools not simulated. An
# ambient pod carries istio-cni's in-pod rules; a pod outside the mesh has none.
istioctl install --set profile=ambient --skip-confirmation
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply -f samples/curl/curl.yaml
kubectl wait --for=condition=ready pod -l app=curl --timeout=60s
POD=$(kubectl get pod -l app=curl -o jsonpath='{.items[0].metadata.name}')
kubectl debug $POD -i -q --profile=sysadmin --image gcr.io/istio-release/base -- iptables-save -c -t mangle
kubectl debug $POD -i -q --profile=netadmin --image gcr.io/istio-release/base -- iptables-save --table=filter
kubectl debug $POD -i -q --profile=netadmin --image gcr.io/istio-release/base -- iptables-save -f /tmp/rules
kubectl debug $POD -i -q --profile=netadmin --image gcr.io/istio-release/base -- iptables-save --bogus
kubectl debug $POD -i -q --profile=netadmin --image gcr.io/istio-release/base -- iptables -t nat -S
kubectl debug $POD -i -q --image gcr.io/istio-release/base -- iptables-save --version
kubectl create namespace plain
kubectl run web -n plain --image=nginx
kubectl wait --for=condition=ready pod/web -n plain --timeout=60s
kubectl debug web -n plain -i -q --profile=netadmin --image gcr.io/istio-release/base -- iptables-save
kubectl debug web -n plain -i -q --profile=netadmin --image gcr.io/istio-release/base -- iptables-save -t nat
# A sidecar pod: istio-init's rules (nat only, IPv4 only: the pod has no IPv6 address).
kubectl create namespace legacy
kubectl label namespace legacy istio-injection=enabled
kubectl apply -n legacy -f samples/curl/curl.yaml
kubectl wait -n legacy --for=condition=ready pod -l app=curl --timeout=60s
kubectl debug -n legacy $(kubectl get pod -n legacy -l app=curl -o jsonpath='{.items[0].metadata.name}') -i -q --profile=netadmin --image gcr.io/istio-release/base -- iptables-save
kubectl debug -n legacy $(kubectl get pod -n legacy -l app=curl -o jsonpath='{.items[0].metadata.name}') -i -q --profile=netadmin --image gcr.io/istio-release/base -- ip6tables-save
