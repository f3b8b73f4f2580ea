# bash's process substitution `<(list)` (bash manual 3.5.6): the word becomes a /dev/fd path
# (63, then 62 … within one command) holding the list's output, which is how Istio's docs feed
# `istioctl kube-inject` to kubectl. The list's status does not change `$?`; the files are gone
# once the command finished.
cat <(echo hello; echo world)
wc -l <(seq 3) <(seq 5)
echo <(false) $?
diff_me=$(cat <(printf 'a\nb\n') | wc -l); echo $diff_me
kubectl apply -f <(cat samples/curl/curl.yaml) --dry-run=client
kubectl apply -f <(kubectl get ns default -o yaml | sed 's/^  name: default$/  name: from-fd/') --dry-run=client
