/**
 * VirtualServices for a waypoint ("not supported for configuring waypoint traffic routing, though
 * it works in some circumstances … considered Alpha"): the `http` routes of a mesh VirtualService
 * (no `gateways`, or `mesh`) whose host is a Service the waypoint serves, with DestinationRule
 * subsets, fault injection, retries and timeouts. An HTTPRoute for the same Service wins ("the
 * HTTPRoute/s will apply and the VirtualService will not"). Mirrors the parts of istio
 * pilot/pkg/networking/core/route/route.go that waypoints use.
 */
import type { KubeObject } from '../api/objects.ts';
import type {
	BackendRef,
	FaultInjection,
	MirrorPolicy,
	HeaderModifier,
	RouteMatch,
	RouteRule,
	ServiceRoutes
} from '../xds/waypoint-config.ts';
import { SAME_PORT } from '../xds/waypoint-config.ts';
import { parseDuration } from './routes-duration.ts';
import { DOMAIN_SUFFIX } from './services.ts';
import { arr, num, obj, str } from '../json.ts';

type Obj = Record<string, unknown>;

/** A short host (`reviews`) is `<host>.<vs namespace>.svc.cluster.local`. */
export function resolveHost(host: string, namespace: string): string {
	if (host.includes('.')) return host;
	return `${host}.${namespace}.svc.${DOMAIN_SUFFIX}`;
}

/** Applies to mesh traffic: no `gateways`, or `mesh` among them. */
function isMeshVirtualService(vs: KubeObject): boolean {
	const gateways = arr(obj(vs['spec'])['gateways']);
	return gateways.length === 0 || gateways.includes('mesh');
}

/** The hostnames a VirtualService configures (resolved). */
export function virtualServiceHosts(vs: KubeObject): string[] {
	if (!isMeshVirtualService(vs)) return [];
	const ns = vs.metadata.namespace ?? 'default';
	return arr(obj(vs['spec'])['hosts'])
		.filter((h): h is string => typeof h === 'string')
		.map((h) => resolveHost(h, ns));
}

function stringMatch(
	m: Obj
): { type: 'Exact' | 'PathPrefix' | 'RegularExpression'; value: string } | undefined {
	if (typeof m['exact'] === 'string') return { type: 'Exact', value: m['exact'] };
	if (typeof m['prefix'] === 'string') return { type: 'PathPrefix', value: m['prefix'] };
	if (typeof m['regex'] === 'string') return { type: 'RegularExpression', value: m['regex'] };
	return undefined;
}

function match(m: Obj): RouteMatch {
	const uri = stringMatch(obj(m['uri']));
	const kv = (x: unknown) =>
		Object.entries(obj(x)).flatMap(([name, v]) => {
			const s = stringMatch(obj(v));
			if (!s || s.type === 'PathPrefix') return [];
			return [{ type: s.type as 'Exact' | 'RegularExpression', name, value: s.value }];
		});
	const headers = kv(m['headers']);
	const queryParams = kv(m['queryParams']);
	const method = stringMatch(obj(m['method']));
	return {
		...(uri ? { path: uri } : {}),
		...(headers.length > 0 ? { headers } : {}),
		...(queryParams.length > 0 ? { queryParams } : {}),
		...(method?.type === 'Exact' ? { method: method.value } : {})
	};
}

function headerOps(x: unknown): HeaderModifier | undefined {
	const o = obj(x);
	const pairs = (y: unknown) =>
		Object.entries(obj(y)).map(([name, value]) => ({ name, value: String(value) }));
	const remove = arr(o['remove']).filter((r): r is string => typeof r === 'string');
	const set = pairs(o['set']);
	const add = pairs(o['add']);
	if (set.length === 0 && add.length === 0 && remove.length === 0) return undefined;
	return {
		...(set.length > 0 ? { set } : {}),
		...(add.length > 0 ? { add } : {}),
		...(remove.length > 0 ? { remove } : {})
	};
}

/** `percentage.value`, else the deprecated integer `percent`, else 100. */
const percentOf = (o: Obj): number =>
	num(obj(o['percentage'])['value']) ?? num(o['percent']) ?? 100;

function fault(x: unknown): FaultInjection | undefined {
	const f = obj(x);
	const delay = obj(f['delay']);
	const abort = obj(f['abort']);
	const fixed = parseDuration(delay['fixedDelay']);
	// Istio's validation admits abort statuses 200-599 only; others are dropped here.
	const raw = num(abort['httpStatus']);
	const status =
		raw !== undefined && Number.isInteger(raw) && raw >= 200 && raw <= 599 ? raw : undefined;
	if (fixed === undefined && status === undefined) return undefined;
	return {
		...(fixed !== undefined
			? { delay: { fixedDelayMs: fixed, percentage: percentOf(delay) } }
			: {}),
		...(status !== undefined ? { abort: { httpStatus: status, percentage: percentOf(abort) } } : {})
	};
}

/** DestinationRule subsets for a host: subset name → labels. */
export function subsetsFor(
	host: string,
	destinationRules: readonly KubeObject[]
): Map<string, Record<string, string>> {
	const out = new Map<string, Record<string, string>>();
	for (const dr of destinationRules) {
		const spec = obj(dr['spec']);
		const drHost = str(spec['host']);
		if (!drHost || resolveHost(drHost, dr.metadata.namespace ?? 'default') !== host) continue;
		for (const s of arr(spec['subsets']).map(obj)) {
			const name = str(s['name']);
			if (!name) continue;
			const labels = Object.fromEntries(
				Object.entries(obj(s['labels'])).filter(
					(e): e is [string, string] => typeof e[1] === 'string'
				)
			);
			out.set(name, labels);
		}
	}
	return out;
}

/**
 * A destination's port. Istio's Destination.port: "If a service exposes only a single port it is
 * not required to explicitly select the port"; with several, the request keeps its own port (0
 * here, resolved per request).
 */
function destinationPort(dest: Obj, hostname: string, servicePorts: ServicePorts): number {
	const explicit = num(obj(dest['port'])['number']);
	if (explicit !== undefined) return explicit;
	const ports = servicePorts(hostname) ?? [];
	return ports.length === 1 ? ports[0]! : SAME_PORT;
}

/**
 * route.go MirrorPercent and the `mirrors` list: `mirror` with `mirrorPercentage.value` (0: no
 * mirroring), else the deprecated `mirrorPercent`, else 100%; each of `mirrors` with its own
 * `percentage`.
 */
function mirrorsOf(
	http: Obj,
	ns: string,
	servicePorts: ServicePorts,
	destinationRules: readonly KubeObject[]
): MirrorPolicy[] {
	const backend = (dest: Obj): BackendRef => {
		const hostname = resolveHost(str(dest['host']) ?? '', ns);
		const port = destinationPort(dest, hostname, servicePorts);
		const subset = str(dest['subset']);
		if (subset === undefined) return { hostname, port, weight: 1 };
		const labels = subsetsFor(hostname, destinationRules).get(subset);
		return labels
			? { hostname, port, weight: 1, subsetLabels: labels }
			: { hostname, port, weight: 1, undefinedSubset: subset };
	};
	const out: MirrorPolicy[] = [];
	if (http['mirror'] !== undefined) {
		const percentage =
			http['mirrorPercentage'] !== undefined
				? (num(obj(http['mirrorPercentage'])['value']) ?? 0)
				: http['mirrorPercent'] !== undefined
					? (num(http['mirrorPercent']) ?? 0)
					: 100;
		if (percentage > 0) out.push({ backend: backend(obj(http['mirror'])), percentage });
	}
	for (const m of arr(http['mirrors']).map(obj)) {
		const percentage =
			m['percentage'] !== undefined ? (num(obj(m['percentage'])['value']) ?? 0) : 100;
		if (percentage > 0) out.push({ backend: backend(obj(m['destination'])), percentage });
	}
	return out;
}

/** The ports of the Service with this hostname, if there is one. */
export type ServicePorts = (hostname: string) => readonly number[] | undefined;

/**
 * The routes a VirtualService gives `host`. A destination naming a subset no DestinationRule
 * defines keeps its cluster name, a cluster Envoy does not have (503 `NC`, cluster_not_found).
 */
export function virtualServiceRoutes(
	vs: KubeObject,
	host: string,
	servicePorts: ServicePorts,
	destinationRules: readonly KubeObject[]
): ServiceRoutes {
	const ns = vs.metadata.namespace ?? 'default';
	const rules: RouteRule[] = [];
	for (const http of arr(obj(vs['spec'])['http']).map(obj)) {
		const backends: BackendRef[] = [];
		const routes = arr(http['route']).map(obj);
		for (const r of routes) {
			const dest = obj(r['destination']);
			const hostname = resolveHost(str(dest['host']) ?? '', ns);
			const subset = str(dest['subset']);
			const port = destinationPort(dest, hostname, servicePorts);
			// A single destination takes all traffic; otherwise unset weights are 0.
			const weight = num(r['weight']) ?? (routes.length === 1 ? 100 : 0);
			if (subset !== undefined) {
				const labels = subsetsFor(hostname, destinationRules).get(subset);
				backends.push(
					labels
						? { hostname, port, weight, subsetLabels: labels }
						: { hostname, port, weight, undefinedSubset: subset }
				);
			} else backends.push({ hostname, port, weight });
		}
		const mirrors = mirrorsOf(http, ns, servicePorts, destinationRules);
		const retries = obj(http['retries']);
		const attempts = num(retries['attempts']);
		const perTry = parseDuration(retries['perTryTimeout']);
		const timeout = parseDuration(http['timeout']);
		const f = fault(http['fault']);
		const headers = obj(http['headers']);
		const request = headerOps(headers['request']);
		const response = headerOps(headers['response']);
		const matches = arr(http['match']).map((m) => match(obj(m)));
		rules.push({
			matches,
			...(request ? { requestHeaderModifier: request } : {}),
			...(response ? { responseHeaderModifier: response } : {}),
			backends,
			...(timeout !== undefined && timeout > 0 ? { timeoutMs: timeout } : {}),
			...(attempts !== undefined
				? {
						retries: {
							attempts,
							...(perTry !== undefined ? { perTryTimeoutMs: perTry } : {}),
							retryOn: (
								str(retries['retryOn']) ??
								'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes'
							)
								.split(',')
								.map((s) => s.trim())
								.filter((s) => s !== '')
						}
					}
				: {}),
			...(f ? { fault: f } : {}),
			...(mirrors.length > 0 ? { mirrors } : {})
		});
	}
	return { hostname: host, source: `${ns}/${vs.metadata.name}`, kind: 'VirtualService', rules };
}
