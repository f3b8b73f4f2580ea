# helm history and helm rollback (Helm 3 cmd/helm/history.go, rollback.go; pkg/action/rollback.go):
# istiod installed, upgraded to turn the access log on, then rolled back. A rollback is a new
# revision with the earlier revision's chart and values, described `Rollback to N`; every deployed
# revision before it is superseded. Errors keep helm's wording and change nothing.
helm repo add istio https://istio-release.storage.googleapis.com/charts > /dev/null
helm install istio-base istio/base -n istio-system --create-namespace --wait > /dev/null
helm install istiod istio/istiod --namespace istio-system --set profile=ambient --wait > /dev/null
helm history istiod -n istio-system
helm upgrade istiod istio/istiod -n istio-system --reuse-values --set meshConfig.accessLogFile=/dev/stdout --wait > /dev/null
helm hist istiod -n istio-system
helm get values istiod -n istio-system
kubectl get configmap istio -n istio-system -o jsonpath='{.data.mesh}' | grep accessLogFile
helm rollback istiod -n istio-system
helm history istiod -n istio-system
helm get values istiod -n istio-system
kubectl get configmap istio -n istio-system -o jsonpath='{.data.mesh}' | grep -c accessLogFile
helm rollback istiod 2 -n istio-system --wait
helm history istiod -n istio-system --max 2
helm history istiod -n istio-system -o json
helm list -n istio-system
helm rollback istiod 9 -n istio-system
helm rollback istiod two -n istio-system
helm rollback istiod -1 -n istio-system
helm rollback nosuch -n istio-system
helm rollback Bad_Name -n istio-system
helm rollback
helm rollback istiod 1 -n istio-system --dry-run
helm history nosuch -n istio-system
helm history -n istio-system
helm history istiod -n istio-system -o xml
helm history istiod -n istio-system
