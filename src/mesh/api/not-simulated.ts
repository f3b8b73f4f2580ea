/**
 * Kinds the API server serves (their CRDs are installed, as Istio 1.30.3's are) but whose
 * behaviour the playground deliberately does not run. Accepting them would be a silent
 * difference, so creating or updating one is refused with a one-line note and changes nothing.
 * TrafficExtension (extensions.istio.io): inline Lua in Envoy (Istio's "Extend waypoints with
 * Lua scripts" page); the simulated proxies have no Lua runtime.
 */
import { apiError } from './errors.ts';
import type { AdmissionHook } from './write.ts';

const NOT_SIMULATED: Readonly<Record<string, string>> = {
	'extensions.istio.io/TrafficExtension':
		'TrafficExtension is not simulated in Mesh Playground: its waypoints and gateways cannot run Lua'
};

export const refuseNotSimulated: AdmissionHook = (_operation, type) => {
	const note = NOT_SIMULATED[`${type.group}/${type.kind}`];
	return note === undefined ? undefined : apiError('BadRequest', note);
};
