# kubectl get -w (kubectl pkg/cmd/get/get.go `watch`): the list first, then one row per watch event
# with the list's columns and no second header; widths are remembered across flushes
# (liggitt/tabwriter RememberWidths, cli-runtime printers.GetNewTabWriter). It blocks until Ctrl-C;
# sim time carries the rollout forward meanwhile.
kubectl scale deploy/details-v1 --replicas=3 && kubectl get pods -l app=details -w
^C
kubectl rollout restart deploy/reviews-v1 && kubectl get pods -l app=reviews -o wide --watch
^C
# --watch-only skips the list; -A adds NAMESPACE; --output-watch-events adds EVENT.
kubectl rollout restart deploy/productpage-v1 && kubectl get pods -A --watch-only --output-watch-events
^C
kubectl scale deploy/ratings-v1 --replicas=2 && kubectl get deploy ratings-v1 -w -o name
^C
# With --request-timeout the server closes the watch and kubectl exits 0.
kubectl get deploy productpage-v1 -w --request-timeout=5s; echo "exit $?"
# Scaling down deletes at once here (pods have no Terminating phase): no events follow.
kubectl scale deploy/details-v1 --replicas=1 && kubectl get pods -l app=details --watch-only --request-timeout=3s
kubectl rollout restart deploy/ratings-v1 && kubectl get pods -l app=ratings -w -o yaml --request-timeout=5s | grep -E "^---|^  name:|phase:"
# A watch takes one resource type; --output-watch-events needs a watch (get.go Validate).
kubectl get pods,svc -w
kubectl get pods --output-watch-events
kubectl get pods -w --request-timeout=soon
# A named object that is missing: its error, or nothing at all with --ignore-not-found.
kubectl get pod nope -w --ignore-not-found; echo "exit $?"
kubectl get pod nope -w; echo "exit $?"
kubectl scale deploy/details-v1 --replicas=2 && kubectl get pods -l app=details -w --no-headers -o custom-columns=NAME:.metadata.name,PHASE:.status.phase --request-timeout=3s
