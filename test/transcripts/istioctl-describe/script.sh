# istioctl x describe (istioctl/pkg/describe/describe.go, 1.30.3) on Bookinfo, after the steps of
# istio.io's "Understand your Mesh with Istioctl Describe". 1.30.3 reads the sidecar's Envoy
# config dump, so an ambient pod (no sidecar) ends in "failed to execute command on sidecar".
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
istioctl x describe
istioctl x describe pod; echo "exit $?"
istioctl x describe deploy reviews; echo "exit $?"
kubectl label namespace default istio.io/dataplane-mode=ambient > /dev/null
export RATINGS_POD=$(kubectl get pod -l app=ratings -o jsonpath='{.items[0].metadata.name}')
istioctl x describe pod $RATINGS_POD; echo "exit $?"
istioctl x describe pod $RATINGS_POD --ignoreUnmeshed; echo "exit $?"
istioctl x describe svc ratings
# Sidecars instead: the pods are injected on restart.
kubectl label namespace default istio.io/dataplane-mode- istio-injection=enabled > /dev/null
kubectl rollout restart deploy -n default > /dev/null
kubectl rollout status deploy reviews-v3 > /dev/null
kubectl rollout status deploy ratings-v1 > /dev/null
export RATINGS_POD=$(kubectl get pod -l app=ratings -o jsonpath='{.items[0].metadata.name}')
istioctl x describe pod $RATINGS_POD
kubectl apply -f samples/bookinfo/networking/destination-rule-all.yaml > /dev/null
istioctl x describe pod $RATINGS_POD
kubectl apply -f samples/bookinfo/networking/virtual-service-all-v1.yaml > /dev/null
export REVIEWS_V1_POD=$(kubectl get pod -l app=reviews,version=v1 -o jsonpath='{.items[0].metadata.name}')
export REVIEWS_V2_POD=$(kubectl get pod -l app=reviews,version=v2 -o jsonpath='{.items[0].metadata.name}')
istioctl x describe pod $REVIEWS_V1_POD
istioctl x describe pod $REVIEWS_V2_POD
kubectl delete -f samples/bookinfo/networking/destination-rule-all.yaml > /dev/null
istioctl x describe pod $REVIEWS_V1_POD
kubectl apply -f samples/bookinfo/networking/destination-rule-all.yaml > /dev/null
kubectl apply -f samples/bookinfo/networking/virtual-service-reviews-50-v3.yaml > /dev/null
istioctl x describe pod $REVIEWS_V1_POD
kubectl apply -f samples/bookinfo/networking/virtual-service-reviews-test-v2.yaml > /dev/null
istioctl x describe pod $REVIEWS_V1_POD
# PeerAuthentication: the mesh-wide one, then a workload one with a port-level mode.
kubectl apply -f - <<EOF > /dev/null
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: STRICT
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ratings
spec:
  selector:
    matchLabels:
      app: ratings
  portLevelMtls:
    9080:
      mode: PERMISSIVE
EOF
istioctl x describe pod $RATINGS_POD.default
istioctl x des svc reviews
istioctl x describe service productpage -n default
istioctl x describe svc nope; echo "exit $?"
