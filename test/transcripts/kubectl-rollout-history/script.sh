# kubectl rollout history/undo (kubectl pkg/polymorphichelpers history.go DeploymentHistoryViewer, rollback.go
# DeploymentRollbacker; pkg/cmd/rollout/rollout_history.go, rollout_undo.go). The Deployment controller
# numbers ReplicaSets with deployment.kubernetes.io/revision, copies the Deployment's annotations
# (kubernetes.io/change-cause) onto the new one, and a rollback makes an old ReplicaSet the newest revision
# with deployment.kubernetes.io/revision-history (deployment_util.go SetNewReplicaSetAnnotations).
kubectl rollout history deploy/reviews-v1
kubectl annotate deploy/reviews-v1 kubernetes.io/change-cause="restart for new config"
kubectl rollout restart deploy/reviews-v1
kubectl patch deploy reviews-v1 -p '{"spec":{"template":{"spec":{"containers":[{"name":"reviews","image":"docker.io/istio/examples-bookinfo-reviews-v2:1.20.3"}]}}}}'
kubectl annotate deploy/reviews-v1 kubernetes.io/change-cause="image v2" --overwrite
kubectl rollout history deploy/reviews-v1
kubectl rollout history deploy/reviews-v1 --revision=3
kubectl rollout undo deploy/reviews-v1 --dry-run=client
kubectl rollout undo deploy/reviews-v1
kubectl rollout history deploy reviews-v1
kubectl get rs -l app=reviews,version=v1
kubectl get rs -l app=reviews,version=v1 -o yaml | grep -E "revision|change-cause|^    name"
kubectl rollout undo deploy/reviews-v1 --to-revision=4
kubectl rollout undo deploy/reviews-v1 --to-revision=9
kubectl rollout history deploy/reviews-v1 --revision=9
kubectl rollout history ds/kube-proxy -n kube-system
kubectl rollout history svc/reviews
kubectl rollout undo pod/x
kubectl rollout undo pod -l app=ratings
kubectl rollout history deploy/reviews-v1 --to-revision=1
kubectl rollout history deploy/reviews-v1 -o name
kubectl rollout undo deploy/productpage-v1
kubectl rollout undo deploy/reviews-v1 --dry-run=maybe
kubectl rollout history deploy/reviews-v1 -o wide
kubectl rollout undo deploy/nope
