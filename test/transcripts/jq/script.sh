# jq in the shell is jq itself (jq-web's WebAssembly build): what the docs pages pipe kubectl's
# JSON through, and how it fails. Exit statuses are jq's own: 1 for -e on null/false, 2 for a
# usage error or a missing file, 3 for a compile error, 5 for an error at run time (jq 1.7's
# main.c: JQ_ERROR_*), with the outputs printed before the error kept.
kubectl get pods -n kube-system -o json | jq -r '.items[].metadata.name' | sort | head -4
kubectl get svc -n default -o json | jq -c '[.items[] | {name: .metadata.name, port: .spec.ports[0].port}]'
kubectl get ns default -o json | jq '.metadata.labels'
kubectl get deploy -n default -o json | jq '.items | length'
kubectl get pods -n default -l app=details -o json | jq -r '.items[0].spec.containers[] | "\(.name) \(.image)"'
echo '{"a":"x"}' | jq --arg v x '.a == $v'
echo '{"a":"x"}' | jq -c --argjson extra '{"b":2}' '. + $extra'
kubectl get ns default -o json > ns.json
jq -r .metadata.name ns.json
jq -r --slurpfile all ns.json '$all | length' ns.json
echo hello > greeting.txt
jq -n -r --rawfile g greeting.txt '$g'
echo '{"a":1}' | jq -e .b; echo "exit $?"
echo '1 [2] 3' | jq '. + 1'; echo "exit $?"
echo '{"a":1}' | jq '.a['; echo "exit $?"
jq . missing.json; echo "exit $?"
echo '{}' | jq --frobnicate .; echo "exit $?"
echo '{}' | jq -L /tmp .; echo "exit $?"
jq --version
