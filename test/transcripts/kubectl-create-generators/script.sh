# kubectl create service|role|clusterrole|rolebinding|clusterrolebinding: the objects and Validate errors of kubectl
# pkg/cmd/create/create_service.go (parsePorts, createService), create_role.go (validResourceVerbs, specialVerbs,
# generateResourcePolicyRules: one rule per API group), create_clusterrole.go (nonResourceURLs, aggregation rule),
# create_rolebinding.go and create_clusterrolebinding.go. Each subcommand takes only its own flags.
# create job and create cronjob (test/transcripts/jobs has more): --from names a live CronJob.
kubectl create service clusterip my-cs --tcp=5678:8080 --dry-run=client -o yaml
kubectl create svc nodeport my-np --tcp=80:http --node-port=30080
kubectl get svc my-np
kubectl create service loadbalancer my-lb --tcp=5678:8080
kubectl create service externalname my-ext --external-name bar.com
kubectl get svc my-ext my-lb
kubectl create service clusterip headless --clusterip=None
kubectl create service nodeport bad --clusterip=None
kubectl create service clusterip nop
kubectl create service externalname e2
kubectl create service externalname e3 --external-name=Bad_Name
kubectl create service clusterip p --tcp=abc
kubectl create service clusterip p --tcp=80:Web_Port
kubectl create service clusterip my-cs --tcp=5678:8080
kubectl create service clusterip my-cs --tcp=5678:8080
kubectl create service clusterip a b --tcp=1
kubectl create service
kubectl create service foo x
kubectl create service clusterip x --tcp=1 --node-port=3
kubectl create role pod-reader --verb=get --verb=list,watch --resource=pods --dry-run=client -o yaml
kubectl create role foo --verb=get,list,watch --resource=rs.apps,pods,pods/status,deploy --resource-name=a -o yaml --dry-run=client
kubectl create role r1 --verb=get
kubectl create role r1 --resource=pods
kubectl create role r1 --verb=fly --resource=pods
kubectl create role r1 --verb=bind --resource=pods
kubectl create role r1 --verb=get --resource=widgets
kubectl create role pod-reader --verb=get --resource=pods
kubectl create role pod-reader --verb=get --resource=pods
kubectl create clusterrole nodes-read --verb=get,list --resource=nodes --non-resource-url=/healthz -o yaml --dry-run=client
kubectl create clusterrole agg --aggregation-rule=rbac.example.com/aggregate-to-monitoring=true --dry-run=client -o yaml
kubectl create clusterrole x --verb=post --non-resource-url=/logs/*
kubectl create clusterrole x --verb=get --non-resource-url=/lo*gs
kubectl create clusterrole x --verb=get --non-resource-url=logs
kubectl create clusterrole x --verb=list --non-resource-url=/logs
kubectl create clusterrole x --verb=get
kubectl create rolebinding rb --role=pod-reader --user=alice --group=devs --serviceaccount=default:curl -o yaml --dry-run=client
kubectl create rolebinding rb2 --clusterrole=view --role=x
kubectl create rolebinding rb2 --user=x
kubectl create rolebinding rb2 --clusterrole=view --serviceaccount=curl
kubectl create clusterrolebinding crb --clusterrole=view --user=bob
kubectl create clusterrolebinding crb2 --user=bob
kubectl create clusterrolebinding crb2 --clusterrole=view --role=x
kubectl get role,rolebinding
kubectl get clusterrolebinding crb -o wide
kubectl create job hello --image=busybox
kubectl create job test --from=cronjob/x
