/**
 * Wall-time figures of the mesh's real cryptography in Node: one mutual-TLS handshake (both
 * sides, in-memory socket pair, warm keys) and istiod issuing 100 workload certificates, with and
 * without the workload side's key generation and CSR. Measured, never asserted.
 */
import { performance } from 'node:perf_hooks';
import { createSelfSignedCa, isCaError, issueWorkloadCerts } from '../../src/mesh/istiod/ca.ts';
import { createRng } from '../../src/mesh/random.ts';
import { createCsr, generateKeyPair } from '../../src/mesh/tls/certificate.ts';
import { isTlsError } from '../../src/mesh/tls/errors.ts';
import { secureClient, secureServer } from '../../src/mesh/tls/handshake.ts';
import { spiffeId } from '../../src/mesh/tls/identity.ts';
import { ms } from '../../src/mesh/types.ts';
import { socketPair } from '../support/socket-pair.ts';
import { median } from './node-floor.ts';

export interface CryptoFigures {
	/** Median wall time of one full mutual handshake, client and server together. */
	readonly handshakeMs: number;
	/** 100 × (key pair + CSR + istiod sign). Target < 1000 ms. */
	readonly issue100Ms: number;
	/** 100 × istiod sign alone (CSR verify + certificate), CSRs prepared beforehand. */
	readonly sign100Ms: number;
	/** Self-signed root creation, key generation included. */
	readonly caCreateMs: number;
}

export async function cryptoFigures(handshakes = 30): Promise<CryptoFigures> {
	const clock = { now: () => ms(0) };
	let t = performance.now();
	const ca = await createSelfSignedCa({ crypto: globalThis.crypto, rng: createRng(1), clock });
	const caCreateMs = performance.now() - t;
	const ids = Array.from({ length: 100 }, (_, i) => spiffeId('default', `sa-${i}`));

	t = performance.now();
	for (const id of ids) {
		const certs = await issueWorkloadCerts(ca, id, { crypto: globalThis.crypto });
		if (isCaError(certs)) throw new Error(certs.message);
	}
	const issue100Ms = performance.now() - t;

	const keys = await generateKeyPair(globalThis.crypto);
	const csrs = await Promise.all(ids.map((id) => createCsr(id, keys, globalThis.crypto)));
	t = performance.now();
	for (const csr of csrs) {
		const r = await ca.sign(csr, { allowed: () => true });
		if (isCaError(r)) throw new Error(r.message);
	}
	const sign100Ms = performance.now() - t;

	const client = await issueWorkloadCerts(ca, spiffeId('default', 'curl'), {
		crypto: globalThis.crypto
	});
	const server = await issueWorkloadCerts(ca, spiffeId('default', 'productpage'), {
		crypto: globalThis.crypto
	});
	if (isCaError(client) || isCaError(server)) throw new Error('issue failed');
	const times: number[] = [];
	for (let i = 0; i < handshakes + 5; i++) {
		const pair = socketPair();
		const start = performance.now();
		const [c, s] = await Promise.all([
			secureClient(pair.a, {
				crypto: globalThis.crypto,
				identity: client,
				trustRoot: ca.root,
				clock
			}),
			secureServer(pair.b, {
				crypto: globalThis.crypto,
				identity: server,
				trustRoot: ca.root,
				clock
			})
		]);
		if (isTlsError(c) || isTlsError(s)) throw new Error('handshake failed');
		// The first few warm the JIT and the key cache.
		if (i >= 5) times.push(performance.now() - start);
	}
	return { handshakeMs: median(times), issue100Ms, sign100Ms, caCreateMs };
}
