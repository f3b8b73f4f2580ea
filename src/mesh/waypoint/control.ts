/**
 * The control message istiod sends a waypoint: `{ type: 'waypoint-config', config }`. Checked at
 * the edge: a malformed push is refused (Envoy NACKs a bad xDS response and keeps the old
 * config) and never throws.
 */
import type { WaypointConfig } from './config.ts';

export const WAYPOINT_CONFIG = 'waypoint-config';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isList = (x: unknown): x is unknown[] => Array.isArray(x) && x.every(isObj);

/** undefined: not a waypoint-config message; `{ message }`: malformed; else the config. */
export function parseWaypointConfig(
	message: unknown
): WaypointConfig | { readonly message: string } | undefined {
	if (!isObj(message) || message['type'] !== WAYPOINT_CONFIG) return undefined;
	const c = message['config'];
	if (!isObj(c)) return { message: 'waypoint-config: missing config' };
	if (typeof c['version'] !== 'number')
		return { message: 'waypoint-config: version must be a number' };
	const gw = c['gateway'];
	if (!isObj(gw) || typeof gw['name'] !== 'string' || typeof gw['namespace'] !== 'string') {
		return { message: 'waypoint-config: gateway must name the Gateway' };
	}
	if (c['gatewayClassName'] !== 'istio-waypoint' && c['gatewayClassName'] !== 'istio') {
		return {
			message: `waypoint-config: unsupported gatewayClassName ${String(c['gatewayClassName'])}`
		};
	}
	for (const k of ['services', 'workloads', 'routes', 'policies'] as const) {
		if (!isList(c[k])) return { message: `waypoint-config: ${k} must be a list of objects` };
	}
	if (c['listeners'] !== undefined && !isList(c['listeners'])) {
		return { message: 'waypoint-config: listeners must be a list of objects' };
	}
	return c as unknown as WaypointConfig;
}
