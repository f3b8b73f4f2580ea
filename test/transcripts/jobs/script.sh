# batch/v1 Jobs as Kubernetes v1.34 runs them (pkg/controller/job/job_controller.go; kubectl
# create_job.go; printJob in pkg/printers/internalversion/printers.go).
kubectl create job hello --image=busybox:1.36 -- echo "Hello from the Job"
kubectl wait --for=condition=complete job/hello --timeout=60s
kubectl get jobs
kubectl get pods -l batch.kubernetes.io/job-name=hello
kubectl logs job/hello
kubectl get job hello -o jsonpath='{.spec.selector.matchLabels}{"\n"}{.spec.template.metadata.labels}{"\n"}'
kubectl get job hello -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}{"\n"}{end}'
kubectl get events --field-selector involvedObject.kind=Job
# Three completions, two at a time.
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: count
spec:
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: count
        image: busybox:1.36
        command: ["echo", "counted"]
YAML
kubectl wait --for=condition=complete job/count --timeout=60s
kubectl get job count
kubectl get pods -l job-name=count
# Failing pods are replaced after a back-off (10 s, 20 s, …) until backoffLimit.
kubectl create job broken --image=busybox:1.36 --dry-run=client -o yaml -- false | sed 's/^spec:/spec:\n  backoffLimit: 2/' | kubectl apply -f -
sleep 90
kubectl get job broken
kubectl get pods -l job-name=broken
kubectl describe job broken | grep -A12 '^Events'
# In a Job's container, busybox's sh does not interpret scripts here: it says so and exits 2.
kubectl create job script --image=busybox:1.36 -- sh -c 'echo hi'
sleep 5
kubectl logs job/script
kubectl get pods -l job-name=script
# A Job's pods must not restart forever.
kubectl apply -f - <<'YAML'
apiVersion: batch/v1
kind: Job
metadata:
  name: always
spec:
  template:
    spec:
      restartPolicy: Always
      containers:
      - name: c
        image: busybox:1.36
YAML
kubectl create job nothing; echo "exit $?"
kubectl create job both --image=busybox --from=cronjob/nightly; echo "exit $?"
# CronJobs (pkg/controller/cronjob): a Job per scheduled minute, named <cronjob>-<minutes since
# the epoch>; robfig/cron's parser validates the schedule.
kubectl create cronjob tick --image=busybox:1.36 --schedule="*/1 * * * *" -- echo tick
kubectl get cronjobs
sleep 150
kubectl get cronjob tick
kubectl get jobs
kubectl create job tick-now --from=cronjob/tick
kubectl get job tick-now -o jsonpath='{.metadata.annotations}{" "}{.metadata.ownerReferences[0].kind}{"\n"}'
kubectl describe cronjob tick | grep -A8 '^Events'
kubectl create cronjob bad --image=busybox --schedule="61 * * * *"; echo "exit $?"
kubectl create cronjob bad --image=busybox --schedule="hello"; echo "exit $?"
kubectl create job x --from=cronjob/nope; echo "exit $?"
kubectl delete cronjob tick
kubectl get jobs -l job-name=tick-now
# Deleting a Job deletes its pods (the garbage collector follows ownerReferences).
kubectl delete job hello
kubectl get pods -l job-name=hello
kubectl api-resources --api-group=batch
kubectl explain job.spec.backoffLimit
