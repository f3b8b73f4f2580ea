/**
 * `samples/bookinfo/platform/kube/bookinfo.yaml`: the four Bookinfo services, their service
 * accounts and deployments, with the names, labels, ports and images of Istio's sample.
 */
const header = `##################################################################################################
# This file defines the services, service accounts, and deployments for the Bookinfo sample.
#
# To apply all 4 Bookinfo services, their corresponding service accounts, and deployments:
#
#   kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml
#
# Alternatively, you can deploy any resource separately:
#
#   kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml -l service=reviews # reviews Service
#   kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml -l account=reviews # reviews ServiceAccount
#   kubectl apply -f samples/bookinfo/platform/kube/bookinfo.yaml -l app=reviews,version=v3 # reviews-v3 Deployment
##################################################################################################
`;

const banner = (title: string): string =>
	`##################################################################################################
# ${title}
##################################################################################################
`;

const service = (app: string): string => `apiVersion: v1
kind: Service
metadata:
  name: ${app}
  labels:
    app: ${app}
    service: ${app}
spec:
  ports:
  - port: 9080
    name: http
  selector:
    app: ${app}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: bookinfo-${app}
  labels:
    account: ${app}
---
`;

const simpleDeployment = (app: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}-v1
  labels:
    app: ${app}
    version: v1
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${app}
      version: v1
  template:
    metadata:
      labels:
        app: ${app}
        version: v1
    spec:
      serviceAccountName: bookinfo-${app}
      containers:
      - name: ${app}
        image: docker.io/istio/examples-bookinfo-${app}-v1:1.20.3
        imagePullPolicy: IfNotPresent
        ports:
        - containerPort: 9080
---
`;

const reviewsDeployment = (version: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-${version}
  labels:
    app: reviews
    version: ${version}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: reviews
      version: ${version}
  template:
    metadata:
      labels:
        app: reviews
        version: ${version}
    spec:
      serviceAccountName: bookinfo-reviews
      containers:
      - name: reviews
        image: docker.io/istio/examples-bookinfo-reviews-${version}:1.20.3
        imagePullPolicy: IfNotPresent
        env:
        - name: LOG_DIR
          value: "/tmp/logs"
        ports:
        - containerPort: 9080
        volumeMounts:
        - name: tmp
          mountPath: /tmp
        - name: wlp-output
          mountPath: /opt/ibm/wlp/output
      volumes:
      - name: wlp-output
        emptyDir: {}
      - name: tmp
        emptyDir: {}
---
`;

const productpageDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: productpage-v1
  labels:
    app: productpage
    version: v1
spec:
  replicas: 1
  selector:
    matchLabels:
      app: productpage
      version: v1
  template:
    metadata:
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9080"
        prometheus.io/path: "/metrics"
      labels:
        app: productpage
        version: v1
    spec:
      serviceAccountName: bookinfo-productpage
      containers:
      - name: productpage
        image: docker.io/istio/examples-bookinfo-productpage-v1:1.20.3
        imagePullPolicy: IfNotPresent
        ports:
        - containerPort: 9080
        volumeMounts:
        - name: tmp
          mountPath: /tmp
      volumes:
      - name: tmp
        emptyDir: {}
---
`;

export const BOOKINFO_YAML: string =
	header +
	'\n' +
	banner('Details service') +
	service('details') +
	simpleDeployment('details') +
	banner('Ratings service') +
	service('ratings') +
	simpleDeployment('ratings') +
	banner('Reviews service') +
	service('reviews') +
	reviewsDeployment('v1') +
	reviewsDeployment('v2') +
	reviewsDeployment('v3') +
	banner('Productpage services') +
	service('productpage') +
	productpageDeployment;
