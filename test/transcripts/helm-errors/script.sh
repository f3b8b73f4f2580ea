# helm's errors, each with helm 3's wording (cmd/helm, pkg/action, pkg/downloader), and each
# leaving the cluster as it was: no repository yet, unknown repository and chart, a chart version
# the repository does not have, a missing namespace, a bad release name, a name in use, objects
# another installer owns (istioctl's istiod), `--wait` on a LoadBalancer kind never addresses, an
# upgrade and an uninstall of a release that does not exist, values the playground does not
# simulate, wrong arguments and flags.
helm install istio-base istio/base -n istio-system
helm repo update
helm repo list
helm repo add istio https://istio-release.storage.googleapis.com/charts
helm repo add istio https://istio-release.storage.googleapis.com/charts
helm repo add istio https://example.com/charts
helm repo add bitnami https://charts.bitnami.com/bitnami
helm repo list
helm install istio-base stable/base -n istio-system
helm install istio-base istio/nosuchchart -n istio-system
helm install istio-base istio/base --version 1.29.0 -n istio-system
helm install istio-base base -n istio-system
helm install istio-base istio/base -n istio-system
kubectl get secrets -n istio-system
helm install Istio_Base istio/base -n istio-system --create-namespace
helm install istio/base
helm install
helm install istio-base istio/base -n istio-system --create-namespace --bogus
helm install istio-base istio/base -n istio-system --create-namespace --wait > /dev/null
helm install istio-base istio/base -n istio-system
helm install istiod istio/istiod -n istio-system --set hub=gcr.io/istio-testing
helm install istiod istio/istiod -n istio-system --set profile=bogus
helm install istiod istio/istiod -n istio-system --set profile
helm install istiod istio/istiod -n istio-system -f no-such-values.yaml
helm upgrade istiod istio/istiod -n istio-system
helm uninstall istiod -n istio-system
helm status istiod -n istio-system
helm ls -n istio-system
istioctl install --set profile=minimal -y 2> /dev/null
helm install istiod istio/istiod -n istio-system --set profile=ambient
helm install istio-ingress istio/gateway -n istio-ingress --create-namespace --wait --timeout 30s
helm ls -n istio-ingress
kubectl get svc -n istio-ingress
helm uninstall istio-ingress -n istio-ingress
helm upgrade --install istio-ingress istio/gateway -n istio-ingress --set service.type=ClusterIP --wait
helm ls -A
helm version
helm frobnicate
