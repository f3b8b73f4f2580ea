# istioctl tag (istioctl/pkg/tag/tag.go, generate.go, util.go at 1.30.3). istioctl install makes
# itself the `default` revision tag (operator/pkg/webhook/webhook.go WebhooksToDeploy): the tag's
# webhooks take over injection and istio-sidecar-injector's entries are set to never match.
istioctl tag list
istioctl install --set profile=ambient -y
kubectl get mutatingwebhookconfigurations
kubectl get validatingwebhookconfigurations
kubectl get svc -n istio-system
kubectl get mutatingwebhookconfiguration istio-sidecar-injector -o jsonpath='{range .webhooks[*]}{.name}{" "}{.namespaceSelector}{"\n"}{end}'
istioctl tag list
# set: Args, the required --revision, an unknown revision, then a new tag
istioctl tag set
istioctl tag set prod
istioctl tag set prod --revision canary
istioctl tag set prod --revision default
istioctl tag set prod --revision default
istioctl tag set prod --revision default --overwrite
istioctl tag list
kubectl get mutatingwebhookconfiguration istio-revision-tag-prod -o jsonpath='{.metadata.labels}{"\n"}{range .webhooks[*]}{.name}{" "}{.namespaceSelector}{" "}{.objectSelector}{"\n"}{end}'
# a namespace labelled with the tag is injected through the tag's webhook
kubectl create namespace shop
kubectl label namespace shop istio.io/rev=prod
kubectl run curl --image=curlimages/curl -n shop -- sleep 3600
kubectl get pod curl -n shop -o jsonpath='{.spec.initContainers[*].name}{"\n"}'
istioctl tag list
istioctl tag list -o json
istioctl tag list -o yaml
istioctl tag list -o wide
# remove asks while a namespace still uses the tag; then new pods there are not injected
istioctl tag remove prod
istioctl tag remove prod -y
istioctl tag remove prod
kubectl run curl2 --image=curlimages/curl -n shop -- sleep 3600
kubectl get pod curl2 -n shop -o jsonpath='{.spec.initContainers[*].name}{"\n"}'
# generate prints the tag without applying it
istioctl tag generate canary --revision default
kubectl get mutatingwebhookconfiguration istio-revision-tag-canary
istioctl tag bogus
# deleting the default tag's webhook configuration stops injection
kubectl label namespace default istio-injection=enabled
kubectl run a --image=curlimages/curl -- sleep 3600
kubectl get pod a -o jsonpath='{.spec.initContainers[*].name}{"\n"}'
kubectl delete mutatingwebhookconfiguration istio-revision-tag-default
kubectl run b --image=curlimages/curl -- sleep 3600
kubectl get pod b -o jsonpath='{.spec.initContainers[*].name}{"\n"}'
istioctl tag list
# uninstall --purge removes every webhook configuration and the tag Service
istioctl uninstall --purge -y
kubectl get mutatingwebhookconfigurations,validatingwebhookconfigurations
