# Istio 1.30 "Traffic Distribution" (docs/ambient/usage/traffic-distribution): the
# networking.istio.io/traffic-distribution annotation on a Service and on a Namespace, and
# spec.trafficDistribution taking precedence, as ztunnel applies them. kind's nodes carry no
# zone labels, so PreferSameZone ranks every endpoint alike; PreferSameNode keeps traffic on the
# client's node while an endpoint is there, and fails over when none is.
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl get pods -l 'app in (curl,reviews)' -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 9); do curl -s http://reviews:9080/reviews/1 | grep -o 'reviews-v[0-9]-[a-z0-9-]*'; done" | sort | uniq -c
kubectl annotate service reviews networking.istio.io/traffic-distribution=PreferSameNode
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 9); do curl -s http://reviews:9080/reviews/1 | grep -o 'reviews-v[0-9]-[a-z0-9-]*'; done" | sort | uniq -c
kubectl annotate service reviews networking.istio.io/traffic-distribution=PreferSameZone --overwrite
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 9); do curl -s http://reviews:9080/reviews/1 | grep -o 'reviews-v[0-9]-[a-z0-9-]*'; done" | sort | uniq -c
kubectl annotate service reviews networking.istio.io/traffic-distribution-
kubectl annotate namespace default networking.istio.io/traffic-distribution=PreferSameNode
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 9); do curl -s http://reviews:9080/reviews/1 | grep -o 'reviews-v[0-9]-[a-z0-9-]*'; done" | sort | uniq -c
kubectl patch service reviews -p '{"spec":{"trafficDistribution":"PreferClose"}}'
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 9); do curl -s http://reviews:9080/reviews/1 | grep -o 'reviews-v[0-9]-[a-z0-9-]*'; done" | sort | uniq -c
kubectl patch service reviews --type json -p '[{"op":"remove","path":"/spec/trafficDistribution"}]'
kubectl scale deploy/reviews-v1 deploy/reviews-v3 --replicas=0
kubectl get pods -l app=reviews -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName
kubectl exec deploy/curl -- sh -c "for i in \$(seq 1 3); do curl -s http://reviews:9080/reviews/1 | grep -o 'reviews-v[0-9]-[a-z0-9-]*'; done" | sort | uniq -c
