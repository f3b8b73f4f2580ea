/**
 * Network tables sent as what changed. The cluster hands the runtime whole tables on every change
 * (a pod Ready changes one Service's endpoints and one redirection entry); in the worker runtime
 * each table crosses into every pod worker by structured clone, so at 500 pods sending them
 * whole costs the page a copy of every record per worker per change. A delta carries the changed
 * DNS records, service ports and redirections (and the NetworkPolicy table, whole, when it
 * changed), and the worker rebuilds the same tables from the
 * ones it holds: `applyTablesDelta(prev, diffTables(prev, next))` deep-equals `next`.
 */
import type { IpAddr } from '../types.ts';
import type { NetworkTables, ServiceEndpoint, ServicePortEntry } from '../net/tables.ts';

/** Keys set to a new value, and keys gone. */
export interface RecordDelta {
	readonly set: Readonly<Record<string, IpAddr>>;
	readonly remove: readonly string[];
}

export interface TablesDelta {
	/** The version of the tables this applies to; a holder of another version needs them whole. */
	readonly from: number;
	readonly version: number;
	readonly dns?: RecordDelta;
	/** Service ports changed or added (by `vip:port`), and the keys of those gone. */
	readonly services?: {
		readonly set: readonly ServicePortEntry[];
		readonly remove: readonly string[];
		/** Every key in the new order, sent only when ports came, went or moved. */
		readonly order?: readonly string[];
	};
	readonly redirection?: RecordDelta;
	/** Whole when changed (a short list). */
	readonly stranded?: readonly IpAddr[];
	/** Whole when changed; null when the new tables have none. */
	readonly meshDns?: Readonly<Record<string, IpAddr>> | null;
	/** kindnet's NetworkPolicy table, whole when changed (it is rebuilt whole on any policy
	 * change); null when the new tables have none. */
	readonly networkPolicy?: NetworkTables['networkPolicy'] | null;
}

const portKey = (e: ServicePortEntry): string => `${e.vip}:${e.port}`;

function diffRecord(
	prev: Readonly<Record<string, IpAddr>> | undefined,
	next: Readonly<Record<string, IpAddr>> | undefined
): RecordDelta | undefined {
	if (prev === next) return undefined;
	const a = prev ?? {};
	const b = next ?? {};
	const set: Record<string, IpAddr> = {};
	const remove: string[] = [];
	let changed = false;
	for (const k in b) {
		if (a[k] !== b[k]) {
			set[k] = b[k] as IpAddr;
			changed = true;
		}
	}
	for (const k in a) {
		if (!(k in b)) {
			remove.push(k);
			changed = true;
		}
	}
	// A record that was absent and is now empty (or the reverse) is a change of shape only.
	if (!changed && (prev === undefined) === (next === undefined)) return undefined;
	return { set, remove };
}

function applyRecord(
	prev: Readonly<Record<string, IpAddr>> | undefined,
	delta: RecordDelta
): Record<string, IpAddr> {
	const out: Record<string, IpAddr> = { ...prev, ...delta.set };
	for (const k of delta.remove) delete out[k];
	return out;
}

const sameEndpoints = (a: readonly ServiceEndpoint[], b: readonly ServiceEndpoint[]): boolean =>
	a === b ||
	(a.length === b.length && a.every((e, i) => e.ip === b[i]?.ip && e.port === b[i]?.port));

const samePort = (a: ServicePortEntry, b: ServicePortEntry): boolean =>
	a === b ||
	(a.vip === b.vip &&
		a.port === b.port &&
		a.service === b.service &&
		sameEndpoints(a.endpoints, b.endpoints));

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
	a === b || (!!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]));

/** What turns `prev` into `next`. */
export function diffTables(prev: NetworkTables, next: NetworkTables): TablesDelta {
	const delta: {
		-readonly [K in keyof TablesDelta]: TablesDelta[K];
	} = { from: prev.version, version: next.version };
	const dns = diffRecord(prev.dns, next.dns);
	if (dns) delta.dns = dns;
	const redirection = diffRecord(prev.redirection, next.redirection);
	if (redirection) delta.redirection = redirection;
	if (prev.services !== next.services) {
		const before = new Map(prev.services.map((e) => [portKey(e), e]));
		const set = next.services.filter((e) => {
			const old = before.get(portKey(e));
			return !old || !samePort(old, e);
		});
		const keys = new Set(next.services.map(portKey));
		const remove = [...before.keys()].filter((k) => !keys.has(k));
		const order = next.services.map(portKey);
		const moved = !sameList(prev.services.map(portKey), order);
		if (set.length > 0 || remove.length > 0 || moved)
			delta.services = { set, remove, ...(moved ? { order } : {}) };
	}
	if (!sameList(prev.stranded, next.stranded)) delta.stranded = next.stranded ?? [];
	if (prev.meshDns !== next.meshDns && diffRecord(prev.meshDns, next.meshDns))
		delta.meshDns = next.meshDns ?? null;
	if (prev.networkPolicy !== next.networkPolicy) delta.networkPolicy = next.networkPolicy ?? null;
	return delta;
}

/** The tables `delta` makes of `prev`, or undefined when it was made for another version. */
export function applyTablesDelta(
	prev: NetworkTables,
	delta: TablesDelta
): NetworkTables | undefined {
	if (delta.from !== prev.version) return undefined;
	let services = prev.services;
	if (delta.services) {
		const byKey = new Map(prev.services.map((e) => [portKey(e), e]));
		for (const k of delta.services.remove) byKey.delete(k);
		for (const e of delta.services.set) byKey.set(portKey(e), e);
		const order = delta.services.order ?? prev.services.map(portKey);
		services = order.map((k) => byKey.get(k)).filter((e) => e !== undefined);
	}
	const out: {
		-readonly [K in keyof NetworkTables]: NetworkTables[K];
	} = {
		dns: delta.dns ? applyRecord(prev.dns, delta.dns) : prev.dns,
		services,
		version: delta.version
	};
	const redirection = delta.redirection
		? applyRecord(prev.redirection, delta.redirection)
		: prev.redirection;
	if (redirection !== undefined) out.redirection = redirection;
	const stranded = delta.stranded ?? prev.stranded;
	if (stranded !== undefined) out.stranded = stranded;
	const meshDns = delta.meshDns === undefined ? prev.meshDns : (delta.meshDns ?? undefined);
	if (meshDns !== undefined) out.meshDns = meshDns;
	const networkPolicy =
		delta.networkPolicy === undefined ? prev.networkPolicy : (delta.networkPolicy ?? undefined);
	if (networkPolicy !== undefined) out.networkPolicy = networkPolicy;
	return out;
}
