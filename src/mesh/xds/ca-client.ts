/**
 * The CSR half of the istiod client: each certificate request goes out on the stream (or waits
 * for one), its key pair held only until an answer, a timeout or a lost stream settles it.
 * Mirrors ztunnel's CaClient (src/identity/caclient.rs) and pilot-agent's citadel client
 * (security/pkg/nodeagent/caclient/providers/citadel/client.go), on the one stream here.
 */
import type { HostContext } from '../runtime/host.ts';
import {
	createCsr,
	generateKeyPair,
	parsePemChain,
	type WorkloadCerts,
	type X509Certificate
} from '../tls/certificate.ts';
import { isTlsError } from '../tls/errors.ts';
import type { IdentityError, SpiffeId } from '../tls/identity.ts';
import type { TlsChannel } from '../tls/stream.ts';
import { ms, type SimMillis } from '../types.ts';
import { encodeFrame } from './protocol.ts';

/** A CSR unanswered this long fails (the CA client's deadline); the caller retries. */
const CSR_TIMEOUT = ms(10_000);

/** What the client's parts share: the open stream, if any, and whether `close()` was called. */
export interface IstiodLink {
	closed: boolean;
	stream: TlsChannel | undefined;
}

interface PendingCsr {
	/** Held only while the CSR is pending: dropping the entry releases the private key. */
	readonly pair: CryptoKeyPair;
	readonly frame: Uint8Array;
	readonly resolve: (r: WorkloadCerts | IdentityError) => void;
	readonly cancelTimeout: () => void;
	sent: boolean;
}

const identityError = (message: string): IdentityError => ({
	type: 'identity-error',
	message
});

export class CaClient {
	readonly #ctx: Pick<HostContext, 'clock' | 'crypto'>;
	readonly #link: IstiodLink;
	readonly #pending = new Map<string, PendingCsr>();
	/** Roots seen at the end of signed chains; the same array grows (callers may hold it). */
	readonly #roots: X509Certificate[] = [];
	#nextId = 1;

	constructor(ctx: Pick<HostContext, 'clock' | 'crypto'>, link: IstiodLink) {
		this.#ctx = ctx;
		this.#link = link;
	}

	get pending(): number {
		return this.#pending.size;
	}

	get roots(): readonly X509Certificate[] {
		return this.#roots;
	}

	async certificateFor(identity: SpiffeId): Promise<WorkloadCerts | IdentityError> {
		if (this.#link.closed) return identityError('istiod client closed');
		const id = String(this.#nextId++);
		const pair = await generateKeyPair(this.#ctx.crypto);
		const csrPem = await createCsr(identity, pair, this.#ctx.crypto);
		if (this.#link.closed) return identityError('istiod client closed');
		return new Promise((resolve) => {
			const entry: PendingCsr = {
				pair,
				frame: encodeFrame({ type: 'csr', id, csrPem }),
				resolve,
				cancelTimeout: this.#ctx.clock.after(CSR_TIMEOUT as SimMillis, () =>
					this.#finish(id, identityError('timed out waiting for istiod'))
				),
				sent: false
			};
			this.#pending.set(id, entry);
			const stream = this.#link.stream;
			if (stream) {
				stream.write(entry.frame);
				entry.sent = true;
			}
		});
	}

	/** A new stream: CSRs that were waiting for one go out on it. */
	resend(stream: TlsChannel): void {
		for (const p of this.#pending.values()) {
			stream.write(p.frame);
			p.sent = true;
		}
	}

	/** istiod signed CSR `id`: the chain with the key pair that asked for it. */
	onCertificate(id: string, chainPem: readonly string[]): void {
		const entry = this.#pending.get(id);
		if (!entry) return;
		const chain = parsePemChain(chainPem.join('\n'));
		if (isTlsError(chain)) return this.#finish(id, identityError(chain.message));
		const root = chain.at(-1);
		if (root && !this.#roots.some((r) => r.serialNumber === root.serialNumber)) {
			this.#roots.push(root);
		}
		this.#finish(id, { certChain: chain, privateKey: entry.pair.privateKey });
	}

	/** istiod refused CSR `id`. */
	onError(id: string, message: string): void {
		this.#finish(id, identityError(message));
	}

	/** The stream ended or failed: CSRs sent on it get no answer; unsent ones wait for the next. */
	failSent(message: string): void {
		this.#failAll(message, (p) => p.sent);
	}

	/** The client closed: every CSR fails and releases its key pair. */
	close(): void {
		this.#failAll('istiod client closed', () => true);
	}

	#finish(id: string, result: WorkloadCerts | IdentityError): void {
		const entry = this.#pending.get(id);
		if (!entry) return;
		this.#pending.delete(id);
		entry.cancelTimeout();
		entry.resolve(result);
	}

	#failAll(message: string, which: (p: PendingCsr) => boolean): void {
		for (const [id, p] of [...this.#pending])
			if (which(p)) this.#finish(id, identityError(message));
	}
}
