import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkloadCerts } from '../../../src/mesh/tls/certificate.ts';
import { type IdentityError, type SpiffeId, spiffeId } from '../../../src/mesh/tls/identity.ts';
import { ms } from '../../../src/mesh/types.ts';
import { SecretManager, refreshAt } from '../../../src/mesh/proxy/l4/identity/manager.ts';
import { simDate } from '../../../src/mesh/tls/certificate.ts';
import { type Pki, createPki } from '../tls/pki.ts';

const CURL = spiffeId('default', 'curl');
const GONE = spiffeId('default', 'gone');
const DAY = 24 * 3600 * 1000;

let pki: Pki;
beforeAll(async () => {
	pki = await createPki(5);
});

/** A sim clock with timers, moved by hand: `advance` runs what falls due, in order. */
function fakeClock() {
	let now = 0;
	let seq = 0;
	const timers: { at: number; seq: number; fn: () => void }[] = [];
	return {
		now: () => ms(now),
		after(delay: number, fn: () => void) {
			const t = { at: now + delay, seq: seq++, fn };
			timers.push(t);
			return () => void timers.splice(timers.indexOf(t) >>> 0, timers.includes(t) ? 1 : 0);
		},
		sleep: () => Promise.resolve(),
		set: (t: number) => (now = t),
		async advance(by: number) {
			const until = now + by;
			for (;;) {
				timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
				const next = timers[0];
				if (!next || next.at > until) break;
				timers.shift();
				now = next.at;
				next.fn();
				// Let the fetch the timer started settle before the next one fires.
				for (let i = 0; i < 5; i++) await Promise.resolve();
			}
			now = until;
		},
		pending: () => timers.length
	};
}

function manager(answers?: (WorkloadCerts | IdentityError)[]) {
	const calls: SpiffeId[] = [];
	const clock = fakeClock();
	const source = (id: SpiffeId): Promise<WorkloadCerts | IdentityError> => {
		calls.push(id);
		const scripted = answers?.shift();
		if (scripted) return Promise.resolve(scripted);
		return Promise.resolve(
			id === CURL ? pki.curl : { type: 'identity-error', message: 'CSR signing error (denied)' }
		);
	};
	const m = new SecretManager(source, clock);
	return { m, calls, clock, setNow: (t: number) => clock.set(t) };
}

const HOUR = 3600 * 1000;
const denied: IdentityError = { type: 'identity-error', message: 'CSR signing error (denied)' };
const leafOf = (c: WorkloadCerts | IdentityError) => ('type' in c ? undefined : c.certChain[0]);

describe('SecretManager', () => {
	it('fetches once for concurrent and later callers', async () => {
		const { m, calls } = manager();
		const [a, b] = await Promise.all([m.fetchCertificate(CURL), m.fetchCertificate(CURL)]);
		await m.fetchCertificate(CURL);
		expect(a).toBe(pki.curl);
		expect(b).toBe(pki.curl);
		expect(calls).toEqual([CURL]);
	});

	it('fetches again once the leaf has expired', async () => {
		const { m, calls, setNow } = manager();
		await m.fetchCertificate(CURL);
		setNow(DAY + 1000);
		await m.fetchCertificate(CURL);
		expect(calls).toEqual([CURL, CURL]);
	});

	it('renews at half the leaf lifetime (refresh_at), as ztunnel does', () => {
		// Istio's leaves are backdated 2 minutes: 24h02m of validity, renewed 12h01m after notBefore.
		const leaf = pki.curl.certChain[0];
		const at = refreshAt(pki.curl);
		expect(leaf && at && at.getTime() - leaf.notBefore.getTime()).toBe((24 * HOUR + 120_000) / 2);
		expect(at && leaf && at.getTime() < leaf.notAfter.getTime()).toBe(true);
	});

	it.each([
		{ name: 'just before refresh_at: the first certificate', advance: 11 * HOUR, fetches: 1 },
		{ name: 'after refresh_at: renewed in the background', advance: 13 * HOUR, fetches: 2 },
		{ name: 'a day and a half later: renewed three times', advance: 37 * HOUR, fetches: 4 }
	])('$name', async ({ advance, fetches }) => {
		// What istiod would sign at each renewal: issued at that sim time, so each lives 24h more.
		const issued = [pki.curl];
		for (let i = 1; i < 4; i++) {
			const prev = refreshAt(issued[i - 1] as WorkloadCerts)?.getTime() ?? 0;
			pki.clock.t = prev - simDate(ms(0)).getTime();
			issued.push(await pki.issue(pki.ca, CURL));
		}
		pki.clock.t = 0;
		const { m, calls, clock } = manager([...issued]);
		await m.fetchCertificate(CURL);
		await clock.advance(advance);
		expect(calls).toHaveLength(fetches);
		const now = await m.fetchCertificate(CURL);
		expect(calls).toHaveLength(fetches);
		expect(leafOf(now)?.serialNumber).toBe(issued[fetches - 1]?.certChain[0]?.serialNumber);
		expect(m.dump()[0]?.state).toBe('Available');
	});

	it('keeps a valid certificate when renewal fails, and retries with backoff', async () => {
		const renewed = await pki.issue(pki.ca, CURL);
		const { m, calls, clock } = manager([pki.curl, denied, denied, renewed]);
		await m.fetchCertificate(CURL);
		const half = (refreshAt(pki.curl)?.getTime() ?? 0) - simDate(ms(0)).getTime();
		await clock.advance(half);
		expect(calls).toHaveLength(2);
		expect(leafOf(await m.fetchCertificate(CURL))).toBe(pki.curl.certChain[0]);
		expect(m.dump()[0]?.state).toBe('Available');
		await clock.advance(1000); // first retry after 1s
		expect(calls).toHaveLength(3);
		await clock.advance(1999); // then 2s: not yet
		expect(calls).toHaveLength(3);
		await clock.advance(1);
		expect(calls).toHaveLength(4);
		expect(leafOf(await m.fetchCertificate(CURL))).toBe(renewed.certChain[0]);
	});

	it('stops renewing once closed', async () => {
		const { m, calls, clock } = manager();
		await m.fetchCertificate(CURL);
		m.close();
		await clock.advance(48 * HOUR);
		expect(calls).toEqual([CURL]);
	});

	it('dumps states sorted by identity, as config_dump shows them', async () => {
		const { m } = manager();
		await m.fetchCertificate(GONE);
		const pending = m.fetchCertificate(CURL);
		expect(m.dump().map((d) => [d.identity, d.state])).toEqual([
			[CURL, 'Initializing'],
			[GONE, 'Unavailable: CSR signing error (denied)']
		]);
		await pending;
		const [curl] = m.dump();
		expect(curl?.state).toBe('Available');
		expect(curl?.certChain).toHaveLength(1);
		expect(curl?.rootCerts).toHaveLength(1);
		expect(curl?.certChain[0]?.serialNumber).toBe(
			BigInt(`0x${pki.curl.certChain[0]?.serialNumber}`).toString()
		);
		expect(atob(curl?.certChain[0]?.pem ?? '')).toMatch(/^-----BEGIN CERTIFICATE-----/);
	});
});
