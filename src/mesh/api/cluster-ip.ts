/**
 * Service ClusterIP allocation from 10.96.0.0/16 (kind's default service CIDR). Random but
 * seeded, like the real bitmap allocator, so the same seed gives the same VIPs; an address is
 * never handed out twice while its Service lives.
 */
import type { Rng } from '../random.ts';

export const SERVICE_CIDR = '10.96.0.0/16';
const BASE = (10 << 24) | (96 << 16);
const SIZE = 1 << 16;
/** Requested addresses usually come from the low band; dynamic ones from above it (KEP-3070). */
const DYNAMIC_START = 256;

export type ReserveResult = 'ok' | 'in-use' | 'out-of-range' | 'malformed';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIpv4(s: string): number | undefined {
	const m = IPV4.exec(s);
	if (!m) return undefined;
	const parts = m.slice(1).map(Number);
	if (parts.some((p) => p > 255)) return undefined;
	return (
		(((parts[0] ?? 0) << 24) |
			((parts[1] ?? 0) << 16) |
			((parts[2] ?? 0) << 8) |
			(parts[3] ?? 0)) >>>
		0
	);
}

export function formatIpv4(n: number): string {
	return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

export class ClusterIpAllocator {
	readonly #used = new Set<number>();
	constructor(readonly rng: Rng) {}

	/** A free address in the dynamic band, chosen by the seeded Rng. */
	allocate(): string | undefined {
		const span = SIZE - 1 - DYNAMIC_START;
		const start = DYNAMIC_START + this.rng.int(span);
		for (let i = 0; i < SIZE - 2; i++) {
			const offset = 1 + ((start - 1 + i) % (SIZE - 2));
			if (!this.#used.has(offset)) {
				this.#used.add(offset);
				return formatIpv4((BASE + offset) >>> 0);
			}
		}
		return undefined;
	}

	/** Claims a requested address (`spec.clusterIP: 10.96.0.50`). */
	reserve(ip: string): ReserveResult {
		const n = parseIpv4(ip);
		if (n === undefined) return 'malformed';
		const offset = n - (BASE >>> 0);
		if (offset <= 0 || offset >= SIZE - 1) return 'out-of-range';
		if (this.#used.has(offset)) return 'in-use';
		this.#used.add(offset);
		return 'ok';
	}

	release(ip: string): void {
		const n = parseIpv4(ip);
		if (n !== undefined) this.#used.delete(n - (BASE >>> 0));
	}

	inUse(ip: string): boolean {
		const n = parseIpv4(ip);
		return n !== undefined && this.#used.has(n - (BASE >>> 0));
	}
}
