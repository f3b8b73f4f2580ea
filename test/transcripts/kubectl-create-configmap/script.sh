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
kubectl create service clusterip web --tcp=80:8080
kubectl create configmap game --from-literal=x=y
kubectl get configmap nope -o yaml
kubectl get configmap nope other -o yaml
kubectl get configmap nope -o yaml --ignore-not-found
