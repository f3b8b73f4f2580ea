/**
 * The ambient getting-started's "view the application" step: `kubectl port-forward
 * svc/bookinfo-gateway-istio 8080:80`, then the browser tab asks `localhost:8080/productpage`.
 * The request enters the gateway pod over kubelet's forward, and the gateway's Envoy routes it to
 * productpage (over HBONE once `default` is enrolled in ambient).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../../src/mesh/net/http/message.ts';
import type { Playground } from '../../../src/shell/playground.ts';
import { portForwardsOf } from '../../../src/shell/port-forward-registry.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { start, until } from '../../support/blocking-command.ts';
import { playground } from '../../support/playground.ts';

const GET = (path: string): Uint8Array =>
	utf8(`GET ${path} HTTP/1.1\r\nHost: localhost:8080\r\nConnection: close\r\n\r\n`);

const SETUP = [
	'istioctl install --set profile=ambient --skip-confirmation',
	'kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || \\',
	'  kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.0/experimental-install.yaml',
	'kubectl apply -f samples/bookinfo/platform/kube/bookinfo-versions.yaml',
	'kubectl apply -f samples/bookinfo/gateway-api/bookinfo-gateway.yaml',
	'kubectl annotate gateway bookinfo-gateway networking.istio.io/service-type=ClusterIP --namespace=default',
	'kubectl wait --for=condition=programmed gtw bookinfo-gateway --timeout=60s',
	// The gateway's Envoy logs requests once a Telemetry turns access logging on (Istio's
	// "Envoy Access Logs" task); the ambient profile leaves it off.
	'kubectl apply -f - <<EOF',
	'apiVersion: telemetry.istio.io/v1',
	'kind: Telemetry',
	'metadata:',
	'  name: mesh-default',
	'  namespace: istio-system',
	'spec:',
	'  accessLogging:',
	'  - providers:',
	'    - name: envoy',
	'EOF'
].join('\n');

/** The reviews service's version that answered, as productpage prints it. */
const reviewsVersion = (html: string): string | undefined => /reviews-(v\d)-/.exec(html)?.[1];

describe('kubectl port-forward svc/bookinfo-gateway-istio 8080:80', () => {
	let p: Playground;
	beforeAll(async () => {
		p = await playground('inprocess', 'bookinfo');
		const out = await runTranscript(SETUP, p.shell);
		expect(out).toContain('gateway.gateway.networking.k8s.io/bookinfo-gateway condition met');
	}, 60_000);
	afterAll(async () => {
		await p?.cluster.dispose();
	});

	it.each([
		{ mesh: 'outside the mesh', enroll: undefined },
		{
			mesh: 'with default enrolled in ambient',
			enroll: 'kubectl label namespace default istio.io/dataplane-mode=ambient'
		}
	])(
		'serves Bookinfo with its reviews $mesh',
		async ({ enroll }) => {
			if (enroll)
				expect(await runTranscript(enroll, p.shell)).toContain('namespace/default labeled');
			const registry = portForwardsOf(p.cluster);
			const run = start(p, 'kubectl port-forward svc/bookinfo-gateway-istio 8080:80');
			await until('the forward', () => registry.get(8080) !== undefined);
			expect(run.output()).toBe(
				'Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n'
			);
			expect(registry.get(8080)?.pod).toMatch(/^bookinfo-gateway-istio-/);

			// Enough requests that reviews' round robin reaches v1, v2 and v3.
			const seen = new Set<string>();
			for (let i = 0; i < 6; i++) {
				const reply = await registry.connect(8080, GET('/productpage'));
				expect(reply.type).toBe('data');
				const text = reply.type === 'data' ? fromUtf8(reply.bytes) : '';
				expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
				expect(text).toContain('<title>Simple Bookstore App</title>');
				expect(text).toContain('The Comedy of Errors');
				expect(text).toContain('Reviewer1');
				expect(text).not.toContain('Sorry, product reviews are currently unavailable');
				const version = reviewsVersion(text);
				expect(version).toMatch(/^v[123]$/);
				seen.add(version ?? '');
				// v2 draws black stars, v3 red ones; v1 has no ratings.
				if (version === 'v1') expect(text).not.toContain('glyphicon-star');
				else {
					expect(text).toContain('<font color="' + (version === 'v2' ? 'black' : 'red') + '">');
					expect(text).toContain('glyphicon glyphicon-star');
				}
			}
			expect(seen.size).toBeGreaterThan(1);
			expect(run.output()).toContain('Handling connection for 8080\n');
			// The gateway's access log: enrolled, its upstream leg is an HBONE tunnel to productpage.
			const log = await runTranscript(
				'kubectl logs deploy/bookinfo-gateway-istio --tail=1',
				p.shell
			);
			expect(log).toContain('"GET /productpage HTTP/1.1" 200');
			expect(log).toContain('outbound|9080||productpage.default.svc.cluster.local');
			expect(log.includes('envoy://connect_originate/')).toBe(enroll !== undefined);
			run.stop();
			expect(await run.code).toBe(0);
			expect(registry.get(8080)).toBeUndefined();
		},
		60_000
	);
});
