# `kubectl edit` as kubectl v1.34 runs it (pkg/cmd/util/editor/editoptions.go): the object in a
# temp file, the editor from KUBE_EDITOR (then EDITOR, else vi), a patch of what changed.
KUBE_EDITOR="sed -i s/replicas:\ 1/replicas:\ 2/" kubectl edit deploy productpage-v1
kubectl get deploy productpage-v1
# --output-patch prints the strategic merge patch (containers by name, $setElementOrder).
KUBE_EDITOR="sed -i 's/image: docker.io\/istio\/examples-bookinfo-details-v1:1.20.3/image: nginx:1.27/'" kubectl edit deployment/details-v1 --output-patch
kubectl get deploy details-v1 -o jsonpath='{.spec.template.spec.containers[0].image}{"\n"}'
# JSON instead of YAML (no header); -o prints the edited object; --save-config records last-applied.
KUBE_EDITOR="sed -i 's/\"sessionAffinity\": \"None\"/\"sessionAffinity\": \"ClientIP\"/'" kubectl edit svc ratings -o json --save-config | grep sessionAffinity
kubectl get svc ratings -o jsonpath='{.spec.sessionAffinity}{"\n"}'
kubectl get svc ratings -o jsonpath='{.metadata.annotations.kubectl\.kubernetes\.io/last-applied-configuration}' | head -c 60; echo
# Saved unchanged, or emptied: nothing is sent.
KUBE_EDITOR=true kubectl edit svc productpage; echo "exit $?"
KUBE_EDITOR="sed -i d" kubectl edit svc productpage; echo "exit $?"
# The server refuses the edit: the file reopens with the reasons; saved unchanged it is kept.
KUBE_EDITOR="sed -i s/replicas:\ 2/replicas:\ -1/" kubectl edit deploy productpage-v1; echo "exit $?"
ls /tmp
cat /tmp/kubectl-edit-4004295776.yaml | head -8
# YAML that does not parse: the same, with the syntax error in the header.
KUBE_EDITOR="sed -i s/^spec:$/spec:\ [/" kubectl edit svc productpage; echo "exit $?"
KUBE_EDITOR="sed -i s/name:\ productpage$/name:\ other/" kubectl edit svc productpage; echo "exit $?"
# An editor that changes the file every time is stopped.
KUBE_EDITOR="sed -i s/^spec:/spec:\ [/" kubectl edit svc productpage; echo "exit $?"
# No KUBE_EDITOR or EDITOR: kubectl runs vi, which this terminal does not have.
kubectl edit deploy productpage-v1; echo "exit $?"
EDITOR=nano kubectl edit deploy productpage-v1; echo "exit $?"
EDITOR=no-such-editor kubectl edit deploy productpage-v1; echo "exit $?"
kubectl edit deploy nope; echo "exit $?"
kubectl edit; echo "exit $?"
kubectl get deploy productpage-v1
