# Kubernetes v1.34 serves admissionregistration.k8s.io/v1 webhook configurations: cluster-scoped,
# no short names (kubectl api-resources); `kubectl get` prints NAME WEBHOOKS AGE
# (kubernetes pkg/printers/internalversion/printers.go printMutatingWebhook).
kubectl api-resources --api-group=admissionregistration.k8s.io
kubectl get mutatingwebhookconfigurations
cat <<Y | kubectl apply -f -
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: demo-validator
webhooks:
- name: validate.demo.example.com
  admissionReviewVersions: ["v1"]
  sideEffects: None
  clientConfig:
    service:
      name: demo
      namespace: default
Y
kubectl get validatingwebhookconfigurations
kubectl get validatingwebhookconfiguration demo-validator -n default
kubectl delete validatingwebhookconfiguration demo-validator
kubectl get validatingwebhookconfigurations
