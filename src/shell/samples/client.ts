/**
 * The in-mesh client samples: `samples/curl/curl.yaml` (current docs) and `samples/sleep/sleep.yaml`
 * (the older name for the same thing: deployment `sleep`, service account `sleep`).
 */
const client = (
	name: string,
	image: string
): string => `##################################################################################################
# ${name[0]?.toUpperCase()}${name.slice(1)} service
##################################################################################################
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels:
    app: ${name}
    service: ${name}
spec:
  ports:
  - port: 80
    name: http
  selector:
    app: ${name}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      terminationGracePeriodSeconds: 0
      serviceAccountName: ${name}
      containers:
      - name: ${name}
        image: ${image}
        command: ["/bin/sleep", "infinity"]
        imagePullPolicy: IfNotPresent
        volumeMounts:
        - mountPath: /etc/${name}/tls
          name: secret-volume
      volumes:
      - name: secret-volume
        secret:
          secretName: ${name}-secret
          optional: true
---
`;

export const CURL_YAML: string = client('curl', 'curlimages/curl');
export const SLEEP_YAML: string = client('sleep', 'curlimages/curl');
