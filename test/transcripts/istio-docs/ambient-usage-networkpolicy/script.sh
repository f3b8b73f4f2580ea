# Istio 1.30 "Ambient and Kubernetes NetworkPolicy" (docs/ambient/usage/networkpolicy): the page's
# NetworkPolicies applied verbatim to its my-app (go-httpbin on 8080 here), enforced as kind's
# kindnet does (kube-network-policies: dropped, so curl times out with exit 28, never refused).
# kubelet probes are not simulated (pods have none), so the health-probe section's policies are
# applied and enforced for pod traffic, but no probe turns a pod NotReady.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl apply -f samples/curl/curl.yaml
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
---
apiVersion: v1
kind: Service
metadata:
  name: my-app
spec:
  selector:
    app.kubernetes.io/name: my-app
  ports:
  - port: 8080
EOF
kubectl rollout status deploy/my-app
kubectl rollout status deploy/curl
# The page's first policy: only port 8080 may reach my-app. Outside the mesh that is enough.
kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: my-app-allow-ingress-web
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: my-app
  ingress:
  - ports:
    - port: 8080
      protocol: TCP
EOF
kubectl get networkpolicy
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://my-app:8080/get
MY_APP_IP=$(kubectl get pods -l app.kubernetes.io/name=my-app -o jsonpath="{.items[0].status.podIP}")
kubectl exec deploy/curl -- curl -sS --max-time 2 http://$MY_APP_IP:9090/
# Once my-app is in the mesh, traffic to it arrives as HBONE on 15008, which the policy blocks.
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl exec deploy/curl -- curl -sS --max-time 2 -o /dev/null -w "%{http_code}\n" http://my-app:8080/get
# "and should be changed to": allow 15008 as well.
kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: my-app-allow-ingress-web
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: my-app
  ingress:
  - ports:
    - port: 8080
      protocol: TCP
    - port: 15008
      protocol: TCP
EOF
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://my-app:8080/get
kubectl describe networkpolicy my-app-allow-ingress-web
kubectl delete networkpolicy my-app-allow-ingress-web
# Health probes: a deny-all ingress policy blocks everything, Istio or otherwise.
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
# kube-network-policies judges new connections only (conntrack): the HBONE connection ztunnel
# pooled before the policy carries on until it has been idle for 5 minutes; then it is gone.
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://my-app:8080/get
sleep 301
kubectl exec deploy/curl -- curl -sS --max-time 2 -o /dev/null -w "%{http_code}\n" http://my-app:8080/get
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
kubectl get networkpolicy
kubectl describe networkpolicy deny-ingress-allow-kubelet-healthprobes
# Only the probes' link-local source is allowed: the curl pod stays blocked.
kubectl exec deploy/curl -- curl -sS --max-time 2 -o /dev/null -w "%{http_code}\n" http://my-app:8080/get
kubectl delete networkpolicy deny-ingress deny-ingress-allow-kubelet-healthprobes
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\n" http://my-app:8080/get
# A policy the API server refuses changes nothing.
kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: broken
spec:
  podSelector: {}
  ingress:
  - from:
    - ipBlock:
        cidr: 169.254.7.127
      podSelector: {}
    ports:
    - port: http-web-port-too-long
      endPort: 9000
EOF
kubectl get networkpolicy
