/**
 * An Envoy `/config_dump` as istioctl reads it (istioctl/pkg/util/configdump Wrapper): the
 * sections by `@type`, and the resources istioctl's writers sort and print. Pure: JSON in.
 */
type Json = Record<string, unknown>;
export type { Json };

const A = 'type.googleapis.com/envoy.admin.v3.';

export interface EnvoyDump {
	/** The admin's response as received (what `all -o json` prints). */
	readonly body: string;
	readonly raw: Json;
	section(name: string): Json | undefined;
}

const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
export const list = (x: unknown): Json[] => (Array.isArray(x) ? x.filter(isObj) : []);
export const obj = (x: unknown): Json => (isObj(x) ? x : {});
export const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** ConfigWriter.Prime: protojson refuses a document that is not a ConfigDump. */
export function parseEnvoyDump(body: string): EnvoyDump | { error: string } {
	const prefix = 'error unmarshalling config dump response from Envoy: ';
	let raw: unknown;
	try {
		raw = JSON.parse(body);
	} catch (e) {
		return { error: `${prefix}proto: syntax error: ${e instanceof Error ? e.message : String(e)}` };
	}
	if (!isObj(raw)) return { error: `${prefix}proto: syntax error: unexpected token` };
	const unknown = Object.keys(raw).find((k) => k !== 'configs');
	if (unknown !== undefined) {
		// protojson names the field's position: 1-based line and column of its key.
		const before = body.slice(0, Math.max(0, body.indexOf(`"${unknown}"`)));
		const line = before.split('\n').length;
		const col = before.length - before.lastIndexOf('\n');
		return { error: `${prefix}proto: (line ${line}:${col}): unknown field "${unknown}"` };
	}
	const configs = list(raw['configs']);
	return {
		body,
		raw,
		section: (name) => configs.find((c) => c['@type'] === `${A}${name}`)
	};
}

/** retrieveSortedClusterSlice: dynamic active, then static clusters. */
export function clusters(d: EnvoyDump): Json[] {
	const s = obj(d.section('ClustersConfigDump'));
	return [
		...list(s['dynamic_active_clusters']).map((c) => obj(c['cluster'])),
		...list(s['static_clusters']).map((c) => obj(c['cluster']))
	];
}

export function listeners(d: EnvoyDump): Json[] {
	const s = obj(d.section('ListenersConfigDump'));
	return [
		...list(s['dynamic_listeners']).map((l) => obj(obj(l['active_state'])['listener'])),
		...list(s['static_listeners']).map((l) => obj(l['listener']))
	];
}

export function routeConfigs(d: EnvoyDump): Json[] {
	const s = obj(d.section('RoutesConfigDump'));
	return [
		...list(s['dynamic_route_configs']).map((r) => obj(r['route_config'])),
		...list(s['static_route_configs']).map((r) => obj(r['route_config']))
	];
}

export function activeSecrets(d: EnvoyDump): Json[] {
	return list(obj(d.section('SecretsConfigDump'))['dynamic_active_secrets']);
}

export function endpointConfigs(d: EnvoyDump): Json[] {
	return list(obj(d.section('EndpointsConfigDump'))['dynamic_endpoint_configs']).map((e) =>
		obj(e['endpoint_config'])
	);
}
