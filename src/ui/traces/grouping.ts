/**
 * Requests as the Traces tab lists them: proxies' TrafficEvents grouped by W3C trace id, hops
 * in the order the request took them, and one line saying who called what and how it ended.
 */
import type { TrafficEvent } from '../../mesh/telemetry/traffic.ts';

export interface TraceHop {
	readonly event: TrafficEvent;
	/** Sim ms this hop took (end − start). */
	readonly durationMs: number;
	/** Sim ms from the trace's first hop to this one's start. */
	readonly offsetMs: number;
}

export type TraceOutcome = 'ok' | 'denied' | 'error';

export interface Trace {
	readonly traceId: string;
	readonly start: number;
	readonly end: number;
	readonly hops: readonly TraceHop[];
	/** The caller as the first hop saw it: workload name, else IP. */
	readonly from: string;
	/** What the caller addressed: service host, else workload, else IP:port. */
	readonly to: string;
	/** `GET /productpage 200`, from the first hop that saw HTTP. */
	readonly request?: string;
	readonly outcome: TraceOutcome;
	/** Every hop was mTLS. */
	readonly mtls: boolean;
	/** A hop went to, or was made by, a waypoint. */
	readonly viaWaypoint: boolean;
}

export const peerName = (p: TrafficEvent['src']): string =>
	p.workload ?? (p.port !== undefined ? `${p.ip}:${p.port}` : p.ip);

const peerTarget = (p: TrafficEvent['dst']): string =>
	p.service ?? p.workload ?? (p.port !== undefined ? `${p.ip}:${p.port}` : p.ip);

/** A request goes out before it comes in; L4 wraps L7 at the same instant. */
function hopOrder(a: TrafficEvent, b: TrafficEvent): number {
	if (a.start !== b.start) return a.start - b.start;
	if (a.direction !== b.direction) return a.direction === 'outbound' ? -1 : 1;
	return a.layer === b.layer ? 0 : a.layer === 'L4' ? -1 : 1;
}

export function buildTrace(traceId: string, events: readonly TrafficEvent[]): Trace {
	const sorted = [...events].sort(hopOrder);
	const first = sorted[0];
	const start = Math.min(...sorted.map((e) => e.start));
	const end = Math.max(...sorted.map((e) => e.end));
	const http = sorted.find((e) => e.http)?.http;
	const outcome: TraceOutcome = sorted.some((e) => e.decision.result === 'deny')
		? 'denied'
		: sorted.some((e) => e.error) ||
			  (http !== undefined && (http.status === 0 || http.status >= 500))
			? 'error'
			: 'ok';
	return {
		traceId,
		start,
		end,
		hops: sorted.map((event) => ({
			event,
			durationMs: event.end - event.start,
			offsetMs: event.start - start
		})),
		from: first ? peerName(first.src) : '',
		to: first ? peerTarget(first.dst) : '',
		...(http ? { request: `${http.method} ${http.path} ${http.status || 'reset'}` } : {}),
		outcome,
		mtls: sorted.length > 0 && sorted.every((e) => e.mtls),
		viaWaypoint: sorted.some((e) => e.waypoint !== undefined || e.reporter === 'waypoint')
	};
}

/** Newest first, at most `limit` traces. */
export function groupTraces(events: readonly TrafficEvent[], limit = 200): Trace[] {
	const byId = new Map<string, TrafficEvent[]>();
	for (const ev of events) {
		const list = byId.get(ev.traceId);
		if (list) list.push(ev);
		else byId.set(ev.traceId, [ev]);
	}
	return [...byId]
		.map(([id, evs]) => buildTrace(id, evs))
		.sort((a, b) => b.end - a.end || a.traceId.localeCompare(b.traceId))
		.slice(0, limit);
}

/** Free-text match over the list line, for the search box. */
export function traceMatches(trace: Trace, query: string): boolean {
	const q = query.trim().toLowerCase();
	if (!q) return true;
	return [trace.traceId, trace.from, trace.to, trace.request ?? '', trace.outcome].some((s) =>
		s.toLowerCase().includes(q)
	);
}
