# iproute2's ss in nicolaka/netshoot (apps/ss.ts): an app's listener, names without -n, netids with
# -t and -u together, and the options and filters the playground refuses.
kubectl apply -f samples/httpbin/httpbin.yaml
kubectl apply -f samples/curl/curl.yaml
kubectl wait --for=condition=ready pod -l app=httpbin --timeout=60s
kubectl debug $(kubectl get pod -l app=httpbin -o jsonpath='{.items[0].metadata.name}') -i -q --image nicolaka/netshoot -- ss -tln
kubectl debug $(kubectl get pod -l app=httpbin -o jsonpath='{.items[0].metadata.name}') -i -q --image nicolaka/netshoot -- ss -tl
kubectl debug $(kubectl get pod -l app=httpbin -o jsonpath='{.items[0].metadata.name}') -i -q --image nicolaka/netshoot -- ss -tulpn
kubectl debug $(kubectl get pod -l app=httpbin -o jsonpath='{.items[0].metadata.name}') -i -q --image nicolaka/netshoot -- ss -z
kubectl debug $(kubectl get pod -l app=httpbin -o jsonpath='{.items[0].metadata.name}') -i -q --image nicolaka/netshoot -- ss -tn sport = :8080
kubectl debug $(kubectl get pod -l app=httpbin -o jsonpath='{.items[0].metadata.name}') -i -q --image nicolaka/netshoot -- ss --bogus
