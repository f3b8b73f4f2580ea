# kubectl create configmap (kubectl pkg/cmd/create/create_configmap.go): files, directories, literals,
# env files, --append-hash (pkg/util/hash), the key checks and errors; kubectl create's generators
# that are not simulated say so; get of one missing object with -o yaml prints only the error
# (get.go printGeneric), of several an empty List and each error.
echo 'color=blue' > game.properties
printf 'LIVES=3\n# comment\n\nENEMIES=aliens\n' > game.env
mkdir conf
echo 'a' > conf/one.txt
echo 'b' > conf/two.txt
kubectl create configmap game --from-file=game.properties --from-literal=special.how=very --from-literal=url='http://x/?a=b'
kubectl get configmap game -o yaml
kubectl create cm envs --from-env-file=game.env
kubectl get cm envs -o jsonpath='{.data}'
echo
kubectl create configmap dir --from-file=conf --dry-run=client -o yaml
kubectl create configmap hashed --from-literal=a=b --append-hash
kubectl create configmap bad --from-literal='a b=c'
kubectl create configmap bad --from-literal=a=1 --from-literal=a=2
kubectl create configmap bad --from-literal==x
kubectl create configmap bad --from-file=missing.txt
kubectl create configmap bad --from-file=k=conf
kubectl create configmap bad --from-env-file=game.env --from-literal=a=b
kubectl create configmap
kubectl create ingress web --rule="foo.com/bar=svc1:8080"
kubectl create configmap game --from-literal=x=y
kubectl get configmap nope -o yaml
kubectl get configmap nope other -o yaml
kubectl get configmap nope -o yaml --ignore-not-found
# -o yaml quotes as go-yaml v2: double quotes for what would read back as another type, single
# quotes for strings that cannot be plain (emitterc.go yaml_emitter_analyze_scalar).
kubectl create configmap q --from-literal=a='*' --from-literal=b='yes' --from-literal=c='123' --from-literal=d='' --from-literal=e='a: b' --from-literal=f='true' --from-literal=g="it's" --from-literal=h='-x' --from-literal=i='#x' --from-literal=j='x #y' --from-literal=k='@x' --from-literal=l='{x}' --from-literal=m='1.5' --from-literal=n='null' --from-literal=o='~' --from-literal=p=' lead' --from-literal=q='0x1F' --from-literal=r='1e3' --from-literal=s='on' --from-literal=t="a'b: c"
kubectl get configmap q -o yaml
# describe: a ConfigMap's values, a Secret's sizes (describe.go ConfigMapDescriber, describeSecret).
kubectl describe configmap game
kubectl create secret generic creds --from-literal=password=hunter2 --from-literal=user=admin
kubectl describe secret creds
