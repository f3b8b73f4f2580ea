/**
 * AuthorizationPolicy values as ztunnel receives them. Mirrors istio
 * pilot/pkg/serviceregistry/ambient/authorization.go `stringToMatch`, `stringToPort`,
 * `stringToIP` and `stringToServiceAccountMatch`: values that do not parse are dropped silently
 * (a named port in `ports` simply disappears).
 */
import type { IpBlock, Match, StringMatch } from '../xds/workload-api.ts';

/** `*` presence, `*abc` suffix, `abc*` prefix, else exact. Written principals stay as written. */
export function stringToMatch(values: readonly string[]): StringMatch[] {
	return values.map((v): StringMatch => {
		if (v === '*') return { presence: true };
		if (v.startsWith('*')) return { suffix: v.slice(1) };
		if (v.endsWith('*')) return { prefix: v.slice(0, -1) };
		return { exact: v };
	});
}

/** Numeric ports only, as Go's ParseUint(…, 10, 32) ≤ 65535. */
export function stringToPort(values: readonly string[]): number[] {
	const out: number[] = [];
	for (const v of values) {
		if (!/^\d+$/.test(v)) continue;
		const n = Number(v);
		if (n <= 65535) out.push(n);
	}
	return out;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseAddr(s: string): { address: string; bits: number } | undefined {
	const m = V4.exec(s);
	if (m) {
		const octets = m.slice(1).map(Number);
		if (octets.some((o) => o > 255) || m.slice(1).some((o) => o.length > 1 && o[0] === '0')) {
			return undefined;
		}
		return { address: s, bits: 32 };
	}
	// IPv6: accepted loosely; the playground's network is IPv4 only.
	if (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s)) return { address: s.toLowerCase(), bits: 128 };
	return undefined;
}

/** `10.0.0.1` → /32; `10.0.0.0/8` → /8; anything that netip would reject is dropped. */
export function stringToIp(values: readonly string[]): IpBlock[] {
	const out: IpBlock[] = [];
	for (const v of values) {
		if (v === '') continue;
		const slash = v.indexOf('/');
		const addr = parseAddr(slash < 0 ? v : v.slice(0, slash));
		if (!addr) continue;
		if (slash < 0) {
			out.push({ address: addr.address, length: addr.bits });
			continue;
		}
		const len = v.slice(slash + 1);
		if (!/^\d+$/.test(len) || Number(len) > addr.bits) continue;
		out.push({ address: addr.address, length: Number(len) });
	}
	return out;
}

/**
 * `serviceAccounts` (`ns/sa`, or `sa` in the policy's namespace). The ztunnel contract has no
 * ServiceAccountMatch, so each becomes a principal suffix `/ns/<ns>/sa/<sa>`: the same identities,
 * whatever the trust domain, since an identity has exactly that shape.
 */
export function serviceAccountsToPrincipals(
	values: readonly string[],
	ruleNamespace: string
): StringMatch[] {
	return values.map((v) => {
		const slash = v.indexOf('/');
		const [ns, sa] = slash < 0 ? [ruleNamespace, v] : [v.slice(0, slash), v.slice(slash + 1)];
		return { suffix: `/ns/${ns}/sa/${sa}` };
	});
}

type MatchFields = { -readonly [K in keyof Match]-?: NonNullable<Match[K]> };

/** Builds a Match without its empty fields (protobuf omits them; equality stays simple). */
export function compactMatch(fields: Partial<MatchFields>): Match {
	const out: Partial<MatchFields> = {};
	for (const [k, v] of Object.entries(fields) as [keyof MatchFields, unknown[]][]) {
		if (v.length > 0) (out as Record<string, unknown>)[k] = v;
	}
	return out;
}

/** isMatchEmpty: an empty match sent to ztunnel is skipped (match-none), not match-all. */
export function isMatchEmpty(m: Match): boolean {
	return Object.values(m).every((v) => !Array.isArray(v) || v.length === 0);
}
