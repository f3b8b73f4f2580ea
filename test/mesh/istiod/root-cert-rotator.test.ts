/**
 * Issue 18 (red team), Low: the 10-year root CA was never rotated. istiod now checks its
 * self-signed root every CITADEL_SELF_SIGNED_ROOT_CERT_CHECK_INTERVAL and, once less than the
 * grace percentile (20%) of its lifetime is left, makes a new root from the same key: leaves
 * issued before and after chain to either root, new leaves carry the new root, and proxies
 * trust both until the old one expires. Driven on the sim clock (an EventQueue), with a short
 * root TTL; `rootWaitTime` is also checked at the real 10-year TTL.
 */
import { describe, expect, it } from 'vitest';
import {
	createSelfSignedCa,
	issueWorkloadCerts,
	isCaError,
	ROOT_TTL
} from '../../../src/mesh/istiod/ca.ts';
import {
	type RootCertRotator,
	rootWaitTime,
	startRootCertRotator
} from '../../../src/mesh/istiod/root-cert-rotator.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { EventQueue } from '../../../src/mesh/runtime/event-queue.ts';
import { certFacts, verifyChain } from '../../../src/mesh/tls/certificate.ts';
import { isTlsError } from '../../../src/mesh/tls/errors.ts';
import { spiffeId } from '../../../src/mesh/tls/identity.ts';
import { ms } from '../../../src/mesh/types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CURL = spiffeId('default', 'curl');

/** Runs the sim clock to `at`, letting each check's async work (crypto) finish. */
async function runTo(queue: EventQueue, at: number, rotator: RootCertRotator): Promise<void> {
	for (let next = queue.peek(); next !== undefined && next <= at; next = queue.peek()) {
		queue.runNext();
		await rotator.idle();
	}
	queue.advanceTo(ms(at));
}

async function leaf(ca: Awaited<ReturnType<typeof createSelfSignedCa>>) {
	const certs = await issueWorkloadCerts(ca, CURL, { crypto: globalThis.crypto });
	if (isCaError(certs)) throw new Error(certs.message);
	return certs.certChain;
}

describe('self-signed root rotation (SelfSignedCARootCertRotator)', () => {
	it('waits until 80% of the root’s life, at the real TTL: about 8 years', () => {
		const root = {
			notBefore: new Date('2026-01-01T00:00:00Z'),
			notAfter: new Date('2035-12-30T00:00:00Z')
		};
		const r = rootWaitTime(root as never, ms(0), 20);
		expect('wait' in r && Math.round(r.wait / DAY)).toBe(Math.round((ROOT_TTL * 0.8) / DAY));
		expect(rootWaitTime(root as never, ms(ROOT_TTL * 0.81), 20)).toEqual({
			rotate: 'got a certificate that should be renewed now'
		});
	});

	it('checks hourly, rotates inside the grace period, and both roots stay trusted', async () => {
		const queue = new EventQueue();
		const clock = queue.clock();
		const ca = await createSelfSignedCa({
			crypto: globalThis.crypto,
			rng: createRng(3),
			clock,
			rootTtl: ms(10 * DAY)
		});
		const oldRoot = ca.root;
		const lines: string[] = [];
		const rotated: string[] = [];
		const rotator = startRootCertRotator({
			ca,
			clock,
			checkInterval: ms(HOUR),
			log: (level, message) => lines.push(`${level} ${message}`),
			onRotated: (root) => rotated.push(root.serialNumber)
		});

		// Day 7: 3 days left of 10, more than the 2-day grace period: checked, not rotated.
		await runTo(queue, 7 * DAY, rotator);
		expect(ca.root).toBe(oldRoot);
		expect(lines.filter((l) => l === 'info Check and rotate root cert.')).toHaveLength(7 * 24);
		expect(lines.at(-1)).toBe(
			'info Root cert is not about to expire, skipping root cert rotation.'
		);

		// A workload certificate (24 h) issued under the old root, just before the rotation.
		await runTo(queue, 8 * DAY, rotator);
		expect(ca.root).toBe(oldRoot);
		const before = await leaf(ca);

		// Just past day 8 the grace period has begun: the next check rotates.
		await runTo(queue, 8 * DAY + HOUR, rotator);
		expect(rotated).toHaveLength(1);
		expect(lines).toContain(
			'info Refresh root certificate, root cert is about to expire: got a certificate that should be renewed now'
		);
		expect(lines.at(-1)).toBe('info Root certificate rotation is completed successfully.');
		const newRoot = ca.root;
		expect(newRoot.serialNumber).not.toBe(oldRoot.serialNumber);
		expect(rotated[0]).toBe(newRoot.serialNumber);
		const facts = certFacts(newRoot);
		expect(facts.subject).toBe('O=cluster.local');
		expect(facts.isCa).toBe(true);
		expect(Date.parse(facts.notAfter) - Date.parse(facts.notBefore)).toBe(10 * DAY);
		expect(ca.roots().map((r) => r.serialNumber)).toEqual([
			newRoot.serialNumber,
			oldRoot.serialNumber
		]);

		// New leaves carry the new root; old and new leaves verify against either root.
		const after = await leaf(ca);
		expect(after.at(-1)?.serialNumber).toBe(newRoot.serialNumber);
		const now = clock.now();
		for (const chain of [before, after])
			for (const trusted of [[oldRoot], [newRoot]]) {
				const v = await verifyChain(chain, trusted, now, globalThis.crypto);
				expect(isTlsError(v) ? v.message : v.id).toBe(CURL);
			}

		// Once the old root expires (day 10) it leaves the trust bundle; no second rotation yet.
		await runTo(queue, 10 * DAY + HOUR, rotator);
		expect(ca.roots().map((r) => r.serialNumber)).toEqual([newRoot.serialNumber]);
		expect(rotated).toHaveLength(1);
		rotator.stop();
		expect(queue.peek()).toBeUndefined();
	}, 120_000);

	it('starts after a jitter below the interval, and an interval of zero disables it', async () => {
		const queue = new EventQueue();
		const clock = queue.clock();
		const ca = await createSelfSignedCa({ crypto: globalThis.crypto, rng: createRng(4), clock });
		const lines: string[] = [];
		const rotator = startRootCertRotator({
			ca,
			clock,
			rng: createRng(9),
			log: (_level, message) => lines.push(message)
		});
		expect(lines[0]).toMatch(/^Set up back off time (\d+m)?\d+s to start rotator\.$/);
		const first = queue.peek();
		expect(first).toBeGreaterThanOrEqual(0);
		expect(first).toBeLessThan(HOUR);
		rotator.stop();

		const off = startRootCertRotator({ ca, clock, checkInterval: ms(0) });
		expect(queue.peek()).toBeUndefined();
		off.stop();
	});
});
