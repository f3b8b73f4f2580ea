# Mistakes get kubectl's own errors and change nothing.
kubectl get pod nosuchpod
kubectl get foos
# A group-qualified type the server lacks (EKS's, on kind) is named without its group.
kubectl get securitygrouppolicies.vpcresources.k8s.aws
kubectl gett pods
kubectl get pods --nosuchflag
kubectl apply -f nosuchfile.yaml
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: broken
 spec: {}
EOF
kubectl apply -f - <<EOF
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
EOF
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl label namespace default istio.io/dataplane-mode=none
kubectl label namespace default istio.io/dataplane-mode-
kubectl get ns default --show-labels
kubectl delete pod nosuchpod
kubectl create namespace Bad_Name
kubectl get svc broken
