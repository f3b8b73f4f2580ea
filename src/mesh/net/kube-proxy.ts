/**
 * The kube-proxy decision: a connection to a Service VIP is DNATed to one ready endpoint before it
 * leaves the client's node. Decide, then do: `chooseEndpoint` is pure and returns a plan.
 */
import type { SocketAddr } from '../types.ts';
import type { NetworkTables, ServicePortEntry } from './tables.ts';

export type NatPlan =
	/** Not a VIP: the packet goes where it was addressed. */
	| { readonly type: 'direct'; readonly dst: SocketAddr }
	| { readonly type: 'dnat'; readonly dst: SocketAddr; readonly service: string }
	/** A VIP without ready endpoints: iptables REJECTs (the client sees "connection refused"). */
	| { readonly type: 'reject'; readonly service: string };

export function findService(tables: NetworkTables, dst: SocketAddr): ServicePortEntry | undefined {
	return tables.services.find((s) => s.vip === dst.ip && s.port === dst.port);
}

/** Is `ip` a Service VIP on any port? (A VIP on an unserved port is REJECTed too.) */
export function isVip(tables: NetworkTables, ip: string): boolean {
	return tables.services.some((s) => s.vip === ip);
}

/**
 * `pick(n)` chooses an endpoint index in [0, n). The caller passes a per-host seeded choice, so
 * the same script picks the same reviews pod in every runtime.
 */
export function chooseEndpoint(
	tables: NetworkTables,
	dst: SocketAddr,
	pick: (n: number) => number
): NatPlan {
	const svc = findService(tables, dst);
	if (!svc) {
		if (isVip(tables, dst.ip)) return { type: 'reject', service: dst.ip };
		return { type: 'direct', dst };
	}
	if (svc.endpoints.length === 0) return { type: 'reject', service: svc.service };
	const ep = svc.endpoints[pick(svc.endpoints.length)] ?? svc.endpoints[0];
	if (!ep) return { type: 'reject', service: svc.service };
	return { type: 'dnat', dst: { ip: ep.ip, port: ep.port }, service: svc.service };
}
