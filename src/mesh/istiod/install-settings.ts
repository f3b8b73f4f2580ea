/**
 * What the running istiod was installed with, read where istiod reads it: its Deployment's env
 * (pilot/pkg/features: `AMBIENT_ENABLE_MULTI_NETWORK`, `CLUSTER_ID`) and the mesh config's
 * `defaultConfig.meshId` (the `istio` ConfigMap). The charts put the multicluster pages' values
 * there (istio-discovery templates); the gateway templates read them back as `.Values.global.*`.
 */
import type { ApiServer } from '../api/api-server.ts';
import { CONFIG_MAPS, DEPLOYMENTS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import { CLUSTER_ID } from '../istio/cluster-id.ts';
import { parseBool } from './parse-bool.ts';
import { obj } from '../json.ts';

export interface IstiodSettings {
	/** features.EnableAmbientMultiNetwork: the `istio-east-west` GatewayClass exists. */
	readonly ambientMultiNetwork: boolean;
	/** `CLUSTER_ID` (global.multiCluster.clusterName), `Kubernetes` by default. */
	readonly clusterId: string;
	/** `global.meshID`, when set. */
	readonly meshId?: string;
}

const DEFAULTS: IstiodSettings = { ambientMultiNetwork: false, clusterId: CLUSTER_ID };

function discoveryEnv(api: ApiServer): Map<string, string> {
	const d = api.get(DEPLOYMENTS, 'istio-system', 'istiod');
	const env = new Map<string, string>();
	if (isApiError(d)) return env;
	const containers = obj(obj(obj(d['spec'])['template'])['spec'])['containers'];
	for (const c of Array.isArray(containers) ? containers : []) {
		if (obj(c)['name'] !== 'discovery') continue;
		const list = obj(c)['env'];
		for (const e of Array.isArray(list) ? list : []) {
			const { name, value } = obj(e);
			if (typeof name === 'string' && typeof value === 'string') env.set(name, value);
		}
	}
	return env;
}

function meshId(api: ApiServer): string | undefined {
	const cm = api.get(CONFIG_MAPS, 'istio-system', 'istio');
	if (isApiError(cm)) return undefined;
	const mesh = obj(cm['data'])['mesh'];
	const m = typeof mesh === 'string' ? /^ {2}meshId: "?([^"\n]+)"?$/m.exec(mesh) : null;
	return m?.[1];
}

export function istiodSettings(api: ApiServer): IstiodSettings {
	const env = discoveryEnv(api);
	if (env.size === 0) return DEFAULTS;
	const id = meshId(api);
	return {
		ambientMultiNetwork: parseBool(env.get('AMBIENT_ENABLE_MULTI_NETWORK') ?? '') === true,
		clusterId: env.get('CLUSTER_ID') || CLUSTER_ID,
		...(id ? { meshId: id } : {})
	};
}
