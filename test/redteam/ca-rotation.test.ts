/**
 * Issue 18 (red team), Low: the 10-year root CA was never rotated. End to end on the sim clock:
 * istiod started with a 10-day root (CITADEL_SELF_SIGNED_CA_CERT_TTL=240h, no start jitter)
 * rotates it after 8 days (20% grace), a workload started then gets the new root while the
 * others still hold the old one and they talk (both trusted), and after the 12-hour renewal
 * every workload is on the new root. The 10-year default behaves the same at year 8
 * (test/mesh/istiod/root-cert-rotator.test.ts checks the arithmetic).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playground } from '../../src/shell/playground.ts';
import { playground } from '../support/playground.ts';

let pg: Playground;

beforeAll(async () => {
	pg = await playground('inprocess', 'bookinfo', 1);
});

afterAll(async () => {
	await pg.cluster.dispose();
});

async function run(source: string): Promise<string> {
	let out = '';
	const code = await pg.shell.execute(source, {
		stdin: '',
		stdout: (t) => (out += t),
		stderr: (t) => (out += t)
	});
	expect(code, `${source}\n${out}`).toBe(0);
	return out;
}

/** Root serial per identity, from `istioctl zc certificates` on both nodes. */
async function roots(): Promise<Map<string, string>> {
	const found = new Map<string, string>();
	for (const node of ['ambient-worker', 'ambient-worker2'])
		for (const line of (await run(`istioctl zc certificates --node ${node}`)).split('\n')) {
			const cols = line.trim().split(/\s+/);
			if (cols[1] === 'Root') found.set(cols[0] as string, cols[4] as string);
		}
	return found;
}

const CURL = 'spiffe://cluster.local/ns/default/sa/curl';
const HTTPBIN = 'spiffe://cluster.local/ns/default/sa/httpbin';
const PRODUCTPAGE = 'spiffe://cluster.local/ns/default/sa/bookinfo-productpage';
const status = (url: string): string =>
	`kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" ${url}`;

describe('istiod rotates its self-signed root', () => {
	it('rotates in the grace period; workloads move to the new root at renewal and keep talking', async () => {
		await run('istioctl install --set profile=ambient --skip-confirmation');
		const deployments = pg.cluster.api.resolve('deployments');
		if (!deployments) throw new Error('no deployments');
		pg.cluster.api.patch(deployments, 'istio-system', 'istiod', (d) => {
			const spec = d['spec'] as {
				template: { spec: { containers: { env?: { name: string; value: string }[] }[] } };
			};
			const c = spec.template.spec.containers[0];
			if (!c) throw new Error('no container');
			c.env = [
				...(c.env ?? []),
				{ name: 'CITADEL_SELF_SIGNED_CA_CERT_TTL', value: '240h' },
				{ name: 'CITADEL_ENABLE_JITTER_FOR_ROOT_CERT_ROTATOR', value: 'false' }
			];
		});
		await run('kubectl rollout status deploy/istiod -n istio-system');
		// ztunnels fetch their certificates from the restarted istiod.
		await run('kubectl rollout restart ds/ztunnel -n istio-system');
		await run('kubectl rollout status ds/ztunnel -n istio-system');
		await run('kubectl label namespace default istio.io/dataplane-mode=ambient');
		expect(await run(status('http://productpage:9080/productpage'))).toBe('200\n');
		const first = await roots();
		const oldRoot = first.get(CURL);
		expect(oldRoot).toMatch(/^[0-9a-f]{32}$/);

		// Day 8 (+1 h): less than 20% of the root's 10 days left; the hourly check rotates.
		await run('sleep 193h');
		const log = await run('kubectl logs -n istio-system deploy/istiod');
		expect(log).toContain(
			'info\trootcertrotator\tRefresh root certificate, root cert is about to expire: got a certificate that should be renewed now'
		);
		expect(log).toContain(
			'info\trootcertrotator\tRoot certificate rotation is completed successfully.'
		);

		// A workload started now gets the new root; curl still holds the old one. Both are trusted.
		await run('kubectl apply -f samples/httpbin/httpbin.yaml');
		await run('kubectl rollout status deploy/httpbin');
		expect(await run(status('http://httpbin:8000/get'))).toBe('200\n');
		const mixed = await roots();
		const newRoot = mixed.get(HTTPBIN);
		expect(newRoot).toMatch(/^[0-9a-f]{32}$/);
		expect(newRoot).not.toBe(oldRoot);
		expect(mixed.get(CURL)).toBe(oldRoot);

		// Twelve hours on, every certificate has been renewed under the new root.
		await run('sleep 13h');
		const renewed = await roots();
		for (const id of [CURL, HTTPBIN, PRODUCTPAGE]) expect(renewed.get(id), id).toBe(newRoot);
		expect(await run(status('http://productpage:9080/productpage'))).toBe('200\n');
		expect(await run(status('http://httpbin:8000/get'))).toBe('200\n');
	}, 240_000);
});
