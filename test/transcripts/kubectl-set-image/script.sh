# The everyday rollout loop of the Kubernetes Deployments page: kubectl set image (kubectl pkg/cmd/set/set_image.go:
# each named container, init containers too, `*` for all; "image updated", nothing printed when nothing changed;
# GetResourcesAndPairs and Validate errors), then rollout history and undo. `set resources` is refused (set env: kubectl-set-env).
kubectl create deployment nginx --image=nginx:1.25 --replicas=2
kubectl rollout status deploy/nginx
kubectl set image deployment/nginx nginx=nginx:1.26
kubectl rollout status deployment/nginx
kubectl set image deployment/nginx nginx=nginx:1.26
kubectl set image deployment/nginx web=nginx:1.27
kubectl set image deploy/nginx nginx=nginx:1.27 --dry-run=client -o name
kubectl annotate deploy/nginx kubernetes.io/change-cause="image updated to 1.27"
kubectl set image deploy/nginx '*=nginx:1.27'
kubectl rollout history deployment/nginx
kubectl rollout undo deployment/nginx
kubectl rollout status deployment/nginx
kubectl get deploy nginx -o jsonpath='{.spec.template.spec.containers[0].image}{"\n"}'
kubectl rollout undo deployment/nginx --to-revision=3
kubectl set image svc/productpage x=y
kubectl set image deploy/nginx
kubectl set image nginx=x deploy/nginx
kubectl set resources deploy/nginx --limits=cpu=200m
kubectl set
kubectl set image deploy/details-v1 details=docker.io/istio/examples-bookinfo-details-v2:1.20.3 --dry-run=server
kubectl get deploy details-v1 -o jsonpath='{.spec.template.spec.containers[0].image}{"\n"}'
