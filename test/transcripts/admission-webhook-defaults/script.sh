# The API server's defaults for webhook configurations (kubernetes
# pkg/apis/admissionregistration/v1/defaults.go): failurePolicy Fail, matchPolicy Equivalent,
# empty selectors, timeoutSeconds 10, reinvocationPolicy Never (mutating), a rule's scope "*",
# a service's port 443; `webhooks: []` is omitempty. Then validation.go's checks: sideEffects and
# admissionReviewVersions are required in v1.
cat <<Y | kubectl apply -f -
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: demo-injector
webhooks:
- name: inject.demo.example.com
  admissionReviewVersions: ["v1"]
  sideEffects: None
  clientConfig:
    service:
      name: demo
      namespace: default
      path: /inject
  rules:
  - operations: ["CREATE"]
    apiGroups: [""]
    apiVersions: ["v1"]
    resources: ["pods"]
Y
kubectl get mutatingwebhookconfiguration demo-injector -o yaml
cat <<Y | kubectl apply -f -
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: empty
webhooks: []
Y
kubectl get validatingwebhookconfiguration empty -o yaml
kubectl get validatingwebhookconfigurations
cat <<Y | kubectl apply -f -
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: broken
webhooks:
- name: validate
  clientConfig:
    service:
      name: demo
      namespace: default
  failurePolicy: Sometimes
  timeoutSeconds: 60
- name: validate
  sideEffects: Some
  admissionReviewVersions: ["v2"]
  clientConfig:
    url: https://example.com/validate
    service:
      name: demo
      namespace: default
Y
kubectl get validatingwebhookconfigurations
