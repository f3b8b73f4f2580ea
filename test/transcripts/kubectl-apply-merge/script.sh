# Client-side apply is a three-way strategic merge (kubectl pkg/cmd/apply/patcher.go: strategicpatch.CreateThreeWayMergePatch
# of last-applied-configuration, the file and the live object): what another client changed and the file does not
# mention survives a second apply; lists with a patchMergeKey (env by name, ports by containerPort) merge by key; a
# field the file drops is removed only if the last apply had set it.
cat > web.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
          name: http
        - containerPort: 8443
          name: https
        env:
        - name: MODE
          value: blue
YAML
kubectl apply -f web.yaml
kubectl scale deploy/web --replicas=3
kubectl patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"DEBUG","value":"1"}]}]}}}}'
kubectl label deploy web team=blue
sed -i 's/          value: blue/          value: blue\n        - name: COLOR\n          value: green/' web.yaml
kubectl apply -f web.yaml
kubectl get deploy web -o jsonpath='{.spec.replicas} {.metadata.labels} {.spec.template.spec.containers[0].env}{"\n"}'
sed -i '/containerPort: 8443/,/name: https/d' web.yaml
cat web.yaml | grep -A4 ports
kubectl apply -f web.yaml
kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].ports}{"\n"}'
kubectl apply -f web.yaml
# An empty env list in the file deletes what the last apply set (MODE, COLOR) and keeps DEBUG, which kubectl patch
# added; dropping the env field itself makes the patch `env: null`, which deletes the whole list.
sed -i "/env:/,\$d" web.yaml
echo "        env: []" >> web.yaml
kubectl apply -f web.yaml
kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].env}{"\n"}'
sed -i "/env:/,\$d" web.yaml
kubectl apply -f web.yaml
kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].env}{"\n"}'
