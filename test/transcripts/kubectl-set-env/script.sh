# kubectl set env (kubectl pkg/cmd/set/set_env.go): variables set, replaced in place or removed (KEY-)
# in every selected container (-c, `*` by default), "env updated", nothing printed when nothing changed;
# --list shows each container's environment with the changes applied and patches nothing; its
# Complete/Validate errors, --overwrite=false, a -c that matches nothing (a warning). --from is refused.
kubectl create deployment web --image=nginx:1.25
kubectl rollout status deploy/web
kubectl set env deploy/web A=1 B=2
kubectl rollout status deploy/web
kubectl get rs -l app=web
kubectl set env deploy/web --list
kubectl set env deploy/web A=1
kubectl set env deploy/web A=3 --overwrite=false
kubectl set env deploy/web B- C=3 --list
kubectl set env deploy/web B- C=3 -c 'ngi*'
kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].env}{"\n"}'
kubectl set env deploy/web D=1 -c nomatch
kubectl set env deploy/web D=4 --dry-run=client -o name
kubectl set env deploy/web 1A=x
kubectl set env deploy/web A=1 A-
kubectl set env deploy/web A=1 foo
kubectl set env deploy/web --list -o yaml
kubectl set env svc/productpage X=1
kubectl set env daemonset aws-node -n kube-system --list
kubectl set env deploy/web --from=configmap/x
