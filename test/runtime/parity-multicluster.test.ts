/**
 * Runtime parity (see parity.test.ts) with two kind clusters (`--clusters 2`), each on a runtime
 * of its own, on `workers`.
 */
import { describe, expect, it } from 'vitest';
import { transcript, type RunOptions } from './parity-runs.ts';

const TWO_CLUSTERS: RunOptions = { scenario: 'empty', clusters: 2 };

describe.each(['workers'] as const)('runtime parity: %s', (workersRuntime) => {
	it('two kind clusters (--clusters 2): each context its own pods, one clock', async () => {
		const script = `
kubectl config get-contexts
kubectl --context kind-cluster2 create deployment web --image=nginx
kubectl --context kind-cluster1 run client --image=curlimages/curl -- sleep 3600
kubectl --context kind-cluster1 wait --for=condition=Ready pod/client
kubectl --context kind-cluster2 rollout status deploy/web
sleep 5
kubectl --context kind-cluster1 get pods -o wide
kubectl --context kind-cluster2 get pods -o wide
kubectl --context kind-cluster1 get ns kube-system
kubectl --context kind-cluster2 get ns kube-system
`;
		const [inProcess, workers] = await Promise.all([
			transcript(script, 'inprocess', TWO_CLUSTERS),
			transcript(script, workersRuntime, TWO_CLUSTERS)
		]);
		expect(inProcess).toContain('cluster1-worker');
		expect(inProcess).toMatch(/^web-\S+ +1\/1 +Running .* cluster2-worker/m);
		expect(workers).toBe(inProcess);
	}, 120_000);

	it("kind's docker network: a pod of cluster1 reaches cluster2's load-balancer address", async () => {
		// net/docker-bridge.ts: masqueraded out of cluster1, DNATed in cluster2; the relay on
		// workers must give the in-process runtime's bytes and sim times.
		const script = `
kubectl --context kind-cluster2 apply -f https://raw.githubusercontent.com/metallb/metallb/v0.14.3/config/manifests/metallb-native.yaml > /dev/null
kubectl --context kind-cluster2 wait -n metallb-system pod -l app=metallb --for=condition=Ready > /dev/null
printf 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: p\n  namespace: metallb-system\nspec:\n  addresses: [172.18.255.200-172.18.255.215]\n' | kubectl --context kind-cluster2 apply -f - > /dev/null
kubectl --context kind-cluster2 create deployment web --image=nginx > /dev/null
printf 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n  selector:\n    app: web\n  ports:\n  - port: 80\n' | kubectl --context kind-cluster2 apply -f - > /dev/null
kubectl --context kind-cluster2 rollout status deploy/web > /dev/null
kubectl --context kind-cluster1 run client --image=curlimages/curl --command -- sleep 3600 > /dev/null
kubectl --context kind-cluster1 wait --for=condition=Ready pod/client > /dev/null
for i in 1 2; do kubectl --context kind-cluster1 exec client -- curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' http://172.18.255.200/; done
kubectl --context kind-cluster1 exec client -- curl -sS http://172.18.255.200:81/
kubectl --context kind-cluster2 logs deploy/web | grep -c '^172.18.0.3 '
`;
		const [inProcess, workers] = await Promise.all([
			transcript(script, 'inprocess', TWO_CLUSTERS),
			transcript(script, workersRuntime, TWO_CLUSTERS)
		]);
		expect(inProcess).toMatch(/^200 0\.\d+$/m);
		expect(inProcess).toContain('Failed to connect to 172.18.255.200 port 81');
		expect(inProcess).toMatch(/^2$/m);
		expect(workers).toBe(inProcess);
	}, 180_000);

	it("two clusters' istiods read each other (remote secrets, a global Service's VIPs)", async () => {
		// cluster1's istiod reads cluster2's API server: cluster2 needs no Istio of its own for that.
		const setup = (c: number) => `
kubectl --context kind-cluster${c} create namespace istio-system > /dev/null
kubectl --context kind-cluster${c} label namespace istio-system topology.istio.io/network=network${c} > /dev/null
kubectl --context kind-cluster${c} create namespace sample > /dev/null
kubectl --context kind-cluster${c} apply -f samples/helloworld/helloworld.yaml -l service=helloworld -n sample
kubectl --context kind-cluster${c} label svc helloworld -n sample istio.io/global=true`;
		const script = `${setup(1)}${setup(2)}
echo y | istioctl install --context kind-cluster1 --set profile=ambient --set values.global.network=network1 --set values.global.multiCluster.clusterName=cluster1 --set values.pilot.env.AMBIENT_ENABLE_MULTI_NETWORK=true > /dev/null
istioctl create-remote-secret --context kind-cluster2 --name=cluster2 --server=https://172.18.0.5:6443 | kubectl apply -f - --context kind-cluster1
istioctl remote-clusters --context kind-cluster1
istioctl zc services --context kind-cluster1 | grep -E '^NAMESPACE|^sample'
kubectl --context kind-cluster2 label svc helloworld -n sample istio.io/global-
istioctl zc services --context kind-cluster1 | grep -E '^NAMESPACE|^sample'
`;
		const [inProcess, workers] = await Promise.all([
			transcript(script, 'inprocess', TWO_CLUSTERS),
			transcript(script, workersRuntime, TWO_CLUSTERS)
		]);
		expect(inProcess).toMatch(/cluster2 +istio-system\/istio-remote-secret-cluster2 +synced/);
		expect(inProcess).toMatch(/^sample +helloworld +10\.96\.\d+\.\d+,10\.96\.\d+\.\d+ /m);
		expect(workers).toBe(inProcess);
	}, 180_000);

	it("MetalLB gives cluster2's east-west gateway an address; cluster1's ztunnel picks double HBONE", async () => {
		const install = (c: number) => `
kubectl --context kind-cluster${c} create namespace istio-system > /dev/null
kubectl --context kind-cluster${c} label namespace istio-system topology.istio.io/network=network${c} > /dev/null
echo y | istioctl install --context kind-cluster${c} --set profile=ambient --set values.global.network=network${c} --set values.global.multiCluster.clusterName=cluster${c} --set values.pilot.env.AMBIENT_ENABLE_MULTI_NETWORK=true > /dev/null
kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f - --context kind-cluster${c} > /dev/null
samples/multicluster/gen-eastwest-gateway.sh --network network${c} --ambient | kubectl --context kind-cluster${c} apply -f - > /dev/null
kubectl --context kind-cluster${c} create namespace sample > /dev/null
kubectl --context kind-cluster${c} label namespace sample istio.io/dataplane-mode=ambient > /dev/null
kubectl --context kind-cluster${c} apply -f samples/helloworld/helloworld.yaml -l service=helloworld -n sample > /dev/null
kubectl --context kind-cluster${c} apply -f samples/helloworld/helloworld.yaml -l version=v${c} -n sample > /dev/null
kubectl --context kind-cluster${c} label svc helloworld -n sample istio.io/global=true > /dev/null`;
		const script = `
kubectl --context kind-cluster2 apply -f https://raw.githubusercontent.com/metallb/metallb/v0.14.3/config/manifests/metallb-native.yaml > /dev/null
kubectl --context kind-cluster2 wait -n metallb-system pod -l app=metallb --for=condition=Ready > /dev/null
printf 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: p\n  namespace: metallb-system\nspec:\n  addresses: [172.18.255.200-172.18.255.215]\n' | kubectl --context kind-cluster2 apply -f -
${install(1)}${install(2)}
istioctl create-remote-secret --context kind-cluster2 --name=cluster2 --server=https://172.18.0.5:6443 | kubectl apply -f - --context kind-cluster1 > /dev/null
kubectl --context kind-cluster2 get svc istio-eastwestgateway -n istio-system
kubectl --context kind-cluster1 apply -f samples/curl/curl.yaml -n sample > /dev/null
kubectl --context kind-cluster1 rollout status deploy/curl -n sample > /dev/null
istioctl zc workloads --context kind-cluster1 | grep -E 'SplitHorizon|NetworkGateway'
for i in 1 2; do kubectl --context kind-cluster1 exec -n sample deploy/curl -- curl -sS helloworld.sample:5000/hello; done
`;
		const [inProcess, workers] = await Promise.all([
			transcript(script, 'inprocess', TWO_CLUSTERS),
			transcript(script, workersRuntime, TWO_CLUSTERS)
		]);
		expect(inProcess).toMatch(/istio-eastwestgateway +LoadBalancer +\S+ +172\.18\.255\.200 /);
		expect(inProcess).toContain('NetworkGateway/network2/172.18.255.200/0');
		expect(inProcess).toContain('Hello version: v1');
		expect(inProcess).toContain('curl: (56) Recv failure: Connection reset by peer');
		expect(workers).toBe(inProcess);
	}, 300_000);
});
