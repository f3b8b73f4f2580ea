/**
 * Workload certificates in sim time: Istio's 24h leaves, renewed by ztunnel at half-life
 * (~12h), so after 13h `istioctl zc certificates` shows new serials and a later validity, and
 * traffic keeps flowing over mTLS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playground } from '../../../src/shell/playground.ts';
import { playground } from '../../support/playground.ts';
import { exec } from '../harness.ts';
import { INSTALL } from './helpers.ts';

const TITLE = '<title>Simple Bookstore App</title>';
const CURL = 'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage';

interface Leaf {
	readonly serial: string;
	readonly notAfter: string;
	readonly notBefore: string;
}

let p: Playground;
const run = (line: string) => exec(p.shell, line, '');

/** The Leaf rows of `istioctl zc certificates` for the curl pod's node, by identity. */
async function leaves(): Promise<Map<string, Leaf>> {
	const node = (await run("kubectl get pods -l app=curl -o jsonpath='{.items[0].spec.nodeName}'"))
		.stdout;
	const out = (await run(`istioctl zc certificates --node ${node}`)).stdout;
	const rows = out
		.trim()
		.split('\n')
		.slice(1)
		.map((l) => l.split(/\s{2,}/));
	return new Map(
		rows
			.filter((r) => r[1] === 'Leaf')
			.map((r) => [r[0] ?? '', { serial: r[4] ?? '', notAfter: r[5] ?? '', notBefore: r[6] ?? '' }])
	);
}

beforeAll(async () => {
	p = await playground('inprocess', 'bookinfo');
	await run(INSTALL);
	await run('kubectl label namespace default istio.io/dataplane-mode=ambient');
});
afterAll(() => p.cluster.dispose());

describe('certificate rotation', () => {
	it('renews every leaf after 13h, with a later validity, and traffic keeps working', async () => {
		const first = await run(CURL);
		expect(first.stdout, first.output).toContain(TITLE);
		const before = await leaves();
		const curl = before.get('spiffe://cluster.local/ns/default/sa/curl');
		// Istio's default workload certificate lifetime: 24h.
		const lifetime = Date.parse(curl?.notAfter ?? '') - Date.parse(curl?.notBefore ?? '');
		expect(lifetime, JSON.stringify([...before])).toBe(24 * 3600_000 + 120_000);

		await run('sleep 11h');
		const early = await leaves();
		expect([...early.values()].map((l) => l.serial)).toEqual(
			[...before.values()].map((l) => l.serial)
		);

		await run('sleep 2h');
		const after = await leaves();
		expect([...after.keys()]).toEqual([...before.keys()]);
		for (const [id, leaf] of after) {
			const old = before.get(id);
			expect(leaf.serial, id).not.toBe(old?.serial);
			expect(Date.parse(leaf.notAfter), id).toBeGreaterThan(Date.parse(old?.notAfter ?? ''));
			// Renewed at half-life: issued ~12h after the first one.
			const issued = Date.parse(leaf.notBefore) - Date.parse(old?.notBefore ?? '');
			expect(issued, id).toBeGreaterThan(11.9 * 3600_000);
			expect(issued, id).toBeLessThan(12.1 * 3600_000);
		}
		expect((await run(CURL)).stdout).toContain(TITLE);
	});

	it('still serves traffic after the first leaves would have expired', async () => {
		await run('sleep 12h');
		const r = await run(CURL);
		expect(r.stdout).toContain(TITLE);
		const now = await leaves();
		for (const leaf of now.values())
			expect(Date.parse(leaf.notAfter)).toBeGreaterThan(Date.parse('2026-01-02T12:00:00Z'));
	});
});
