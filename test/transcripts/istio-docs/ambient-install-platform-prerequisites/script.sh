# Istio 1.30 "Platform-Specific Prerequisites" (docs/ambient/install/platform-prerequisites): every
# command of the page, in order, typed into the playground's kind cluster. Each adapts Istio to
# another platform (GKE, EKS, k3d, K3s, MicroK8s, OpenShift), so on kind: helm and istioctl refuse
# the platform values and profiles with a one-line note, kubectl answers as on a kind cluster without
# EKS's aws-node DaemonSet or its SecurityGroupPolicy CRD, and k3d is not found on the host (with a
# note). The minikube tab's two commands are left out: the page's stray closing `"` would leave bash
# waiting for the end of a quote. The page's YAML (a ResourceQuota, a CiliumClusterwideNetworkPolicy)
# has no command. Then the kind install proves nothing was changed.
helm repo add istio https://istio-release.storage.googleapis.com/charts
helm install istio-cni istio/cni -n istio-system --set profile=ambient --set global.platform=gke --wait
istioctl install --set profile=ambient --set values.global.platform=gke
kubectl set env daemonset aws-node -n kube-system --list | grep ENABLE_POD_ENI
kubectl get securitygrouppolicies.vpcresources.k8s.aws
kubectl set env daemonset aws-node -n kube-system POD_SECURITY_GROUP_ENFORCING_MODE=standard
k3d cluster create --api-port 6550 -p '9080:80@loadbalancer' -p '9443:443@loadbalancer' --agents 2 --k3s-arg '--disable=traefik@server:*'
helm install istio-cni istio/cni -n istio-system --set profile=ambient --set global.platform=k3d --wait
istioctl install --set profile=ambient --set values.global.platform=k3d
helm install istio-cni istio/cni -n istio-system --set profile=ambient --set global.platform=k3s --wait
istioctl install --set profile=ambient --set values.global.platform=k3s
helm install istio-cni istio/cni -n istio-system --set profile=ambient --wait --set cniConfDir=/var/lib/rancher/k3s/agent/etc/cni/net.d --set cniBinDir=/var/lib/rancher/k3s/data/current/bin/
istioctl install --set profile=ambient --set values.cni.cniConfDir=/var/lib/rancher/k3s/agent/etc/cni/net.d --set values.cni.cniBinDir=/var/lib/rancher/k3s/data/current/bin/
helm install istio-cni istio/cni -n istio-system --set profile=ambient --set global.platform=microk8s --wait
istioctl install --set profile=ambient --set values.global.platform=microk8s
helm install istiod istio/istiod -n istio-system --set profile=ambient --set global.platform=openshift --wait
helm install istio-cni istio/cni -n kube-system --set profile=ambient --set global.platform=openshift --wait
helm install ztunnel istio/ztunnel -n kube-system --set profile=ambient --set global.platform=openshift --wait
istioctl install --set profile=openshift-ambient --skip-confirmation
helm ls -A
kubectl get ns istio-system
kubectl config get-contexts
istioctl install --set profile=ambient --skip-confirmation
