/**
 * What the sidecar says about each connection: Envoy's access log line in Istio's default text
 * format (pilot/pkg/model/telemetry_logging.go EnvoyTextLogFormat) for a TCP proxy, and a
 * TrafficEvent with reporter `sidecar`. The proxy code is ztunnel's (src/mesh/ztunnel/proxy),
 * which reports a connection as tracing fields (`src.addr=… dst.service="…"`); this file reads
 * those fields back and writes them the way Envoy would.
 *
 * A TCP line: `[2026-01-01T00:00:07.728Z] "- - -" 0 - - - "-" 91 4430 7 - "-" "-" "-" "-"
 * "10.244.2.4:9080" outbound|9080||productpage.default.svc.cluster.local 10.244.1.5:32768
 * 10.96.0.20:9080 10.244.1.5:32768 - -`.
 */
import { simDate } from '../net/http/message.ts';
import type { TrafficEvent, TrafficPeer } from '../telemetry/traffic.ts';
import { ip, ms, type NodeName, type SimMillis } from '../types.ts';

export type Fields = Readonly<Record<string, string>>;

/** tracing's `key=value key="quoted"` fields (ztunnel connection-result.ts formatFields). */
export function parseFields(text: string): Fields {
	const out: Record<string, string> = {};
	for (const m of text.matchAll(/([\w.]+)=("(?:[^"\\]|\\.)*"|\S+)/g)) {
		const [, key = '', raw = ''] = m;
		out[key] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
	}
	return out;
}

export interface ConnectionRecord {
	readonly direction: 'inbound' | 'outbound';
	readonly start: SimMillis;
	readonly end: SimMillis;
	readonly fields: Fields;
	/** The app's original destination (outbound): what Envoy calls the downstream local address. */
	readonly originalDst?: string;
}

const portOf = (addr: string | undefined): string => addr?.slice(addr.lastIndexOf(':') + 1) ?? '';
const hostOf = (addr: string): string => addr.slice(0, addr.lastIndexOf(':'));

/** Envoy's `%RESPONSE_FLAGS%` and `%CONNECTION_TERMINATION_DETAILS%` for a ztunnel error. */
function flagsFor(error: string | undefined): [flags: string, termination: string] {
	if (error === undefined) return ['-', '-'];
	const denied = /explicitly denied by: (\S+)/.exec(error);
	if (error.includes('policy rejection')) {
		const [ns = '', name = ''] = (denied?.[1] ?? '').split('/');
		const policy = denied ? `ns[${ns}]-policy[${name}]-rule[0]` : 'none';
		return ['-', `rbac_access_denied_matched_policy[${policy}]`];
	}
	if (error.startsWith('no healthy upstream')) return ['UH', '-'];
	return ['UF', '-'];
}

/** `%UPSTREAM_CLUSTER%`: `outbound|<port>||<host>`, `inbound|<port>||` or PassthroughCluster. */
function clusterFor(r: ConnectionRecord): string {
	const f = r.fields;
	if (r.direction === 'inbound') return `inbound|${portOf(f['dst.hbone_addr'] ?? f['dst.addr'])}||`;
	const service = f['dst.service'];
	return service ? `outbound|${portOf(r.originalDst)}||${service}` : 'PassthroughCluster';
}

/** One line of `kubectl logs <pod> -c istio-proxy`. */
export function envoyTcpLine(r: ConnectionRecord): string {
	const f = r.fields;
	const src = f['src.addr'] ?? '-';
	const upstreamHost = f['dst.hbone_addr'] ?? f['dst.addr'] ?? '-';
	// Envoy counts from its downstream's side; ztunnel's fields already unflip the source's.
	const [received, sent] =
		r.direction === 'outbound'
			? [f['bytes_sent'], f['bytes_recv']]
			: [f['bytes_recv'], f['bytes_sent']];
	const [flags, termination] = flagsFor(f['error']);
	// A connection the RBAC filter closed never reached tcp_proxy: no upstream was chosen.
	const denied = termination !== '-';
	const downstreamLocal =
		r.direction === 'outbound' ? (r.originalDst ?? '-') : (f['dst.hbone_addr'] ?? f['dst.addr']);
	return [
		`[${simDate(r.start).toISOString()}]`,
		'"- - -"',
		'0',
		flags,
		'-',
		termination,
		'"-"',
		received ?? '0',
		sent ?? '0',
		String(Math.round(r.end - r.start)),
		'-',
		'"-" "-" "-" "-"',
		`"${denied ? '-' : upstreamHost}"`,
		denied ? '-' : clusterFor(r),
		f['error'] === undefined ? src : '-',
		downstreamLocal ?? '-',
		src,
		'-',
		'-'
	].join(' ');
}

function peer(f: Fields, side: 'src' | 'dst', withIdentity: boolean): TrafficPeer {
	const addr = f[`${side}.addr`] ?? '0.0.0.0:0';
	const target = side === 'dst' ? (f['dst.hbone_addr'] ?? addr) : addr;
	const namespace = f[`${side}.namespace`];
	const workload = f[`${side}.workload`];
	const identity = f[`${side}.identity`];
	const service = side === 'dst' ? f['dst.service'] : undefined;
	return {
		ip: ip(hostOf(target)),
		port: Number(portOf(target)),
		...(workload !== undefined && namespace !== undefined
			? { workload: `${namespace}/${workload}` }
			: {}),
		...(namespace !== undefined ? { namespace } : {}),
		...(withIdentity && identity !== undefined ? { identity } : {}),
		...(service !== undefined ? { service } : {})
	};
}

export interface EventSource {
	readonly traceId: string;
	/** The sidecar's pod, `default/sleep-7d5b9c-x2x8m`. */
	readonly proxy: string;
	readonly node: NodeName;
}

/** The TrafficEvent a sidecar reports for one connection. */
export function sidecarEvent(r: ConnectionRecord, source: EventSource): TrafficEvent {
	const f = r.fields;
	const mtls = f['src.identity'] !== undefined || f['dst.identity'] !== undefined;
	const error = f['error'];
	const denied = error?.includes('policy rejection') === true;
	const policy = /explicitly denied by: (\S+)/.exec(error ?? '')?.[1];
	return {
		traceId: source.traceId,
		reporter: 'sidecar',
		proxy: source.proxy,
		node: source.node,
		direction: r.direction,
		layer: 'L4',
		start: r.start,
		end: r.end,
		src: peer(f, 'src', mtls),
		dst: peer(f, 'dst', mtls),
		// HBONE has a tunnel target; Istio mTLS straight over TCP (default profile) has none.
		protocol: mtls && f['dst.hbone_addr'] !== undefined ? 'HBONE' : 'TCP',
		mtls,
		decision: denied
			? {
					result: 'deny',
					...(policy !== undefined ? { policy } : {}),
					reason: error?.replace(/^connection closed due to policy rejection: /, '') ?? ''
				}
			: { result: 'allow', reason: 'allowed' },
		bytesSent: Number(f['bytes_sent'] ?? 0),
		bytesReceived: Number(f['bytes_recv'] ?? 0),
		...(error !== undefined ? { error } : {})
	};
}

/** `7ms` → 7. */
export function durationOf(f: Fields): SimMillis {
	return ms(Number.parseFloat(f['duration'] ?? '0') || 0);
}
