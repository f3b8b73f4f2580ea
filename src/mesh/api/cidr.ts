/**
 * CIDR blocks as net.ParseCIDR reads them (`10.0.0.0/8`, `2001:db8::/64`), for NetworkPolicy's
 * ipBlock: validation (strict subset of `cidr`) and matching an address. Addresses are BigInts so
 * one code path serves both families.
 */

export interface Cidr {
	readonly family: 4 | 6;
	/** The prefix length. */
	readonly bits: number;
	/** The address as written (host bits kept, as Go's ParseCIDR returns it in IP). */
	readonly network: bigint;
	/** Whether `addr` (of this family) lies in the block. */
	contains(addr: bigint): boolean;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 address as a number, or undefined. */
export function parseIpv4(text: string): bigint | undefined {
	const m = IPV4.exec(text);
	if (!m) return undefined;
	let out = 0n;
	for (const part of m.slice(1)) {
		if (part.length > 1 && part.startsWith('0')) return undefined;
		const n = Number(part);
		if (n > 255) return undefined;
		out = (out << 8n) | BigInt(n);
	}
	return out;
}

function parseIpv6(text: string): bigint | undefined {
	if (!/^[0-9a-fA-F:]+$/.test(text) || text.split('::').length > 2) return undefined;
	const [head = '', tail] = text.split('::');
	const left = head === '' ? [] : head.split(':');
	const right = tail === undefined || tail === '' ? [] : tail.split(':');
	const missing = 8 - left.length - right.length;
	if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
	const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
	let out = 0n;
	for (const g of groups) {
		if (g.length === 0 || g.length > 4) return undefined;
		out = (out << 16n) | BigInt(parseInt(g, 16));
	}
	return out;
}

export function parseCidr(text: string): Cidr | undefined {
	const slash = text.indexOf('/');
	if (slash < 0) return undefined;
	const addrText = text.slice(0, slash);
	const bitsText = text.slice(slash + 1);
	if (!/^\d{1,3}$/.test(bitsText)) return undefined;
	const bits = Number(bitsText);
	const v4 = parseIpv4(addrText);
	const family = v4 !== undefined ? 4 : 6;
	const network = v4 ?? parseIpv6(addrText);
	const width = family === 4 ? 32n : 128n;
	if (network === undefined || bits > Number(width)) return undefined;
	const shift = width - BigInt(bits);
	const prefix = network >> shift;
	return { family, bits, network, contains: (addr) => addr >> shift === prefix };
}
