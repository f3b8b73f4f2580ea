/**
 * Sidecar mode in a cluster running ambient: injection when pods are recreated (READY 2/2),
 * HBONE both ways between sidecar and ambient pods (ciphertext on 15008, plaintext only inside
 * the pods), PeerAuthentication STRICT refusing a plaintext client, and the sidecar's own access
 * log and traffic events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimCluster } from '../../../src/mesh/cluster/create.ts';
import type { CaptureEntry } from '../../../src/mesh/net/capture.ts';
import type { Playground } from '../../../src/shell/playground.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { capturedDuring, playground, podIp as podIpOf } from '../../support/playground.ts';

const text = (e: CaptureEntry): string => new TextDecoder().decode(e.payload ?? new Uint8Array());
const PLAINTEXT = /GET \/|CONNECT |HTTP\/1\.1|Bookstore|httpbin/;

describe('sidecar and ambient interoperability', () => {
	let p: Playground;
	const run = (script: string) => runTranscript(script, p.shell);
	const podIp = (ns: string, app: string): string => podIpOf(p, ns, app);
	const captured = (script: string) => capturedDuring(p, script);

	beforeAll(async () => {
		p = await playground('inprocess', 'bookinfo');
		await run(`istioctl install --set profile=ambient --skip-confirmation
kubectl apply -f - <<EOF
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: mesh-default
  namespace: istio-system
spec:
  accessLogging:
  - providers:
    - name: envoy
EOF
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl create namespace legacy
kubectl apply -n legacy -f samples/curl/curl.yaml
kubectl apply -n legacy -f samples/httpbin/httpbin.yaml`);
	}, 60_000);
	afterAll(() => p.cluster.dispose());

	it('injects only when pods are recreated: 1/1 after the label, 2/2 after rollout restart', async () => {
		const before = await run(`kubectl label namespace legacy istio-injection=enabled
kubectl get pods -n legacy`);
		expect(before).toMatch(/curl-\S+\s+1\/1\s+Running/);
		const after = await run(`kubectl rollout restart deployment -n legacy
kubectl rollout status deployment/curl -n legacy
kubectl rollout status deployment/httpbin -n legacy
kubectl get pods -n legacy`);
		const listing = after.slice(after.lastIndexOf('NAME'));
		expect(listing).toMatch(/curl-\S+\s+2\/2\s+Running/);
		expect(listing).toMatch(/httpbin-\S+\s+2\/2\s+Running/);
		expect(listing).not.toMatch(/1\/1/);
		// Istio 1.27+: a native sidecar, an init container with restartPolicy Always.
		const containers = await run(
			`kubectl get pods -n legacy -l app=httpbin -o jsonpath='{.items[0].spec.containers[*].name}'`
		);
		expect(containers).toMatch(/^httpbin$/m);
		const inits = await run(
			`kubectl get pods -n legacy -l app=httpbin -o jsonpath='{.items[0].spec.initContainers[*].name} {.items[0].spec.initContainers[1].restartPolicy}'`
		);
		// istio-cni's istio-validation runs to completion first (injection-template.yaml).
		expect(inits).toMatch(/^istio-validation istio-proxy Always$/m);
	}, 60_000);

	it('sidecar → ambient: HBONE from the sidecar pod, ciphertext on the wire', async () => {
		const { out, data } = await captured(
			'kubectl exec -n legacy deploy/curl -- curl -s http://productpage.default:9080/productpage | grep -o "<title>.*</title>"'
		);
		expect(out).toContain('<title>Simple Bookstore App</title>');
		const curlIp = podIp('legacy', 'curl');
		const onWire = data.filter((e) => !e.redirected);
		const hbone = onWire.filter((e) => e.dst.port === 15008 && e.src.ip === curlIp);
		expect(hbone.length).toBeGreaterThan(0);
		for (const e of onWire) expect(text(e)).not.toMatch(PLAINTEXT);
		// The request is readable only inside pods: curl → its sidecar, ztunnel → productpage.
		const inPod = data.filter((e) => e.redirected && text(e).startsWith('GET /productpage'));
		expect(inPod).toHaveLength(2);
	}, 60_000);

	it('ambient → sidecar: ztunnel speaks HBONE to the sidecar on 15008', async () => {
		const { out, data } = await captured(
			'kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}" http://httpbin.legacy:8000/get'
		);
		expect(out.trim().split('\n').at(-1)).toBe('200');
		const httpbinIp = podIp('legacy', 'httpbin');
		const onWire = data.filter((e) => !e.redirected);
		expect(onWire.some((e) => e.dst.ip === httpbinIp && e.dst.port === 15008)).toBe(true);
		for (const e of onWire) expect(text(e)).not.toMatch(PLAINTEXT);
		const log = await run('kubectl logs -n legacy deploy/httpbin -c istio-proxy --tail 1');
		// httpbin's port is named `http`: Envoy's inbound HTTP listener logs the request itself.
		expect(log).toMatch(/"GET \/get HTTP\/1.1" 200 - via_upstream - .* inbound\|8080\|\| /);
	}, 60_000);

	it('PeerAuthentication STRICT: a plaintext client is refused by the sidecar', async () => {
		await run(
			'kubectl create namespace outside\nkubectl apply -n outside -f samples/curl/curl.yaml'
		);
		const request =
			'kubectl exec -n outside deploy/curl -- curl -sS -o /dev/null -w "%{http_code}" http://httpbin.legacy:8000/get';
		expect(await run(request)).toMatch(/200$/m);
		const denied = await run(`kubectl apply -n legacy -f - <<EOF
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: strict
spec:
  mtls:
    mode: STRICT
EOF
${request}`);
		expect(denied).toContain('curl: (56) Recv failure: Connection reset by peer');
		// Mesh clients still get through: ambient and sidecar alike speak HBONE.
		expect(
			await run(
				'kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}" http://httpbin.legacy:8000/get'
			)
		).toMatch(/200$/m);
		const log = await run('kubectl logs -n legacy deploy/httpbin -c istio-proxy');
		expect(log).toContain(
			'rbac_access_denied_matched_policy[ns[istio-system]-policy[istio_converted_static_strict]-rule[0]]'
		);
	}, 60_000);

	it('reports traffic events as the sidecar', async () => {
		const { events } = await p.cluster.runtime.traffic(0);
		const sidecar = events.filter((e) => e.reporter === 'sidecar');
		expect(
			sidecar.some((e) => e.direction === 'outbound' && e.mtls && e.protocol === 'HBONE')
		).toBe(true);
		expect(
			sidecar.some((e) => e.direction === 'inbound' && e.decision.result === 'deny' && !e.mtls)
		).toBe(true);
		expect(sidecar.every((e) => e.proxy.startsWith('legacy/'))).toBe(true);
	});
});

describe('a namespace labelled for both modes', () => {
	it('gets sidecars, and istio-cni leaves the injected pods out of ambient', async () => {
		const p = await playground('inprocess', 'empty');
		try {
			await runTranscript(
				`istioctl install --set profile=ambient --skip-confirmation
kubectl label namespace default istio-injection=enabled istio.io/dataplane-mode=ambient
kubectl apply -f samples/httpbin/httpbin.yaml`,
				p.shell
			);
			const out = await runTranscript('kubectl get pods -l app=httpbin', p.shell);
			expect(out).toMatch(/httpbin-\S+\s+2\/2\s+Running/);
			const pods = p.cluster.api.list(p.cluster.api.resolve('pods')!, {
				namespace: 'default',
				labelSelector: 'app=httpbin'
			}) as { metadata: { annotations?: Record<string, string> }; status?: { podIP?: string } }[];
			const pod = pods[0];
			expect(pod?.metadata.annotations?.['sidecar.istio.io/status']).toBeDefined();
			expect(pod?.metadata.annotations?.['ambient.istio.io/redirection']).toBeUndefined();
			expect(
				(p.cluster as SimCluster).tables().redirection?.[pod?.status?.podIP ?? '']
			).toBeUndefined();
		} finally {
			await p.cluster.dispose();
		}
	}, 60_000);
});
