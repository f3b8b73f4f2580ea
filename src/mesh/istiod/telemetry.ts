/**
 * Whether a proxy's Envoy writes access logs, from the Telemetry API as istiod computes it
 * (pilot/pkg/model/telemetry.go applicableTelemetries + mergeLogs, 1.30.3): the root namespace's
 * namespace-wide Telemetry, then the proxy's namespace-wide one, then those that select it (pod
 * labels for a sidecar, `targetRefs` to its Gateway for a waypoint or gateway), later ones
 * overriding. The ambient profile's meshConfig has no default access-log provider, so with no
 * Telemetry, Envoy logs nothing; the built-in `envoy` provider writes to the proxy's stdout.
 * ztunnel's own connection log does not depend on this. Pure: table-tested.
 */
import type { KubeObject } from '../api/objects.ts';
import { arr, obj } from '../json.ts';

/** The proxy asking: its namespace, and the pod labels or Gateway that Telemetries may select. */
export interface TelemetryProxy {
	readonly namespace: string;
	readonly labels?: Readonly<Record<string, string>>;
	/** Set for a waypoint or ingress gateway: `targetRefs` name its Gateway. */
	readonly gateway?: string;
}

/** The built-in provider (meshConfig extensionProviders `envoy`: a file log to /dev/stdout). */
export const ENVOY_PROVIDER = 'envoy';

interface LogEntry {
	readonly providers: readonly string[];
	readonly disabled: boolean;
}

function accessLogging(t: KubeObject): LogEntry[] {
	return arr(obj(t['spec'])['accessLogging']).map((e) => {
		const entry = obj(e);
		return {
			providers: arr(entry['providers'])
				.map((p) => obj(p)['name'])
				.filter((n): n is string => typeof n === 'string'),
			disabled: entry['disabled'] === true
		};
	});
}

const namespaceWide = (t: KubeObject): boolean => {
	const spec = obj(t['spec']);
	return (
		Object.keys(obj(obj(spec['selector'])['matchLabels'])).length === 0 &&
		arr(spec['targetRefs']).length === 0 &&
		Object.keys(obj(spec['targetRef'])).length === 0
	);
};

/** PolicyMatcherForProxy.ShouldAttachPolicy, for the two kinds of proxy here. */
function selects(t: KubeObject, proxy: TelemetryProxy): boolean {
	const spec = obj(t['spec']);
	if (proxy.gateway !== undefined) {
		const refs = [...arr(spec['targetRefs']), ...(spec['targetRef'] ? [spec['targetRef']] : [])];
		return refs.some((r) => {
			const ref = obj(r);
			return ref['kind'] === 'Gateway' && ref['name'] === proxy.gateway;
		});
	}
	const want = obj(obj(spec['selector'])['matchLabels']);
	const have = proxy.labels ?? {};
	return Object.keys(want).length > 0 && Object.entries(want).every(([k, v]) => have[k] === v);
}

const byName = (a: KubeObject, b: KubeObject): number =>
	a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;

/**
 * Whether a proxy's Envoy writes access logs: the Telemetry API decides where any Telemetry in
 * scope configures access logging; otherwise meshConfig.accessLogFile does, as istiod's
 * buildListenerAccessLog falls back to it.
 */
export function envoyAccessLogging(
	proxy: TelemetryProxy,
	telemetries: readonly KubeObject[],
	rootNamespace: string,
	meshAccessLogFile = ''
): boolean {
	const inNs = (ns: string) =>
		telemetries.filter((t) => (t.metadata.namespace ?? 'default') === ns).sort(byName);
	const logs: LogEntry[][] = [];
	const wide = (ns: string) => inNs(ns).find(namespaceWide);
	const root = wide(rootNamespace);
	if (root && accessLogging(root).length > 0) logs.push(accessLogging(root));
	if (proxy.namespace !== rootNamespace) {
		const ns = wide(proxy.namespace);
		if (ns && accessLogging(ns).length > 0) logs.push(accessLogging(ns));
	}
	for (const t of inNs(proxy.namespace))
		if (!namespaceWide(t) && selects(t, proxy) && accessLogging(t).length > 0)
			logs.push(accessLogging(t));
	if (logs.length === 0) return meshAccessLogFile !== '';
	return mergeLogs(logs).get(ENVOY_PROVIDER) === true;
}

/** mergeLogs with no mesh default providers: provider → enabled (false: disabled). */
function mergeLogs(logs: readonly LogEntry[][]): Map<string, boolean> {
	const out = new Map<string, boolean>();
	if (logs.length === 0) return out;
	let inScope: readonly string[] = [];
	for (const l of logs) {
		const names = new Set(l.flatMap((e) => e.providers));
		if (names.size > 0) inScope = [...names];
	}
	let parent: readonly string[] = [];
	for (const l of logs) {
		for (const e of l) {
			const names = e.providers.length > 0 ? e.providers : parent;
			parent = names;
			for (const p of names) if (inScope.includes(p)) out.set(p, !e.disabled);
		}
	}
	return out;
}
