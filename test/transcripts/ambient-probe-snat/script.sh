# Kubelet probes in ambient mode (Istio 1.30 docs/ambient/usage/networkpolicy, "Ambient, health
# probes, and Kubernetes NetworkPolicy"): istio-cni SNATs kubelet's probes of an enrolled pod to
# 169.254.7.127 (cni/pkg/iptables) and its in-pod rules let them reach the app past ztunnel. A
# deny-all ingress NetworkPolicy then drops them (a node's own address is never judged): the
# probes time out and the pod goes unready until the policy allows 169.254.7.127/32.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-app
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: my-app
  template:
    metadata:
      labels:
        app.kubernetes.io/name: my-app
    spec:
      containers:
      - name: my-app
        image: docker.io/mccutchen/go-httpbin:v2.15.0
        ports:
        - containerPort: 8080
        readinessProbe:
          httpGet:
            path: /status/200
            port: 8080
          periodSeconds: 5
EOF
kubectl rollout status deploy/my-app
sleep 6
kubectl logs deploy/my-app | grep kube-probe | tail -1
kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-ingress
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: my-app
  policyTypes:
  - Ingress
EOF
sleep 20
kubectl get pods -l app.kubernetes.io/name=my-app
kubectl get events --field-selector reason=Unhealthy
kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-ingress-allow-kubelet-healthprobes
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: my-app
  ingress:
    - from:
      - ipBlock:
          cidr: 169.254.7.127/32
EOF
sleep 6
kubectl get pods -l app.kubernetes.io/name=my-app
kubectl logs deploy/my-app | grep kube-probe | tail -1
# Out of the mesh, probes come from the node again and no policy judges them.
kubectl delete networkpolicy deny-ingress-allow-kubelet-healthprobes
kubectl label namespace default istio.io/dataplane-mode-
sleep 6
kubectl logs deploy/my-app | grep kube-probe | tail -1
kubectl get pods -l app.kubernetes.io/name=my-app
