/**
 * What `istioctl install` (and `upgrade`) is asked to render: the IstioOperator files given with
 * `-f`, then `--set` flags on top (operator/pkg/render MergeInputs: files in order, then sets).
 * The profile picks components and values (manifests/profiles.ts); a file may switch the stock
 * gateways on or off (`spec.components.ingressGateways[].enabled`), set the mesh config keys
 * the simulation honours and the multicluster pages' values (`values.global.meshID`,
 * `.multiCluster.clusterName`, `.network`, `values.pilot.env`, `components.pilot.k8s.env`:
 * manifests/multicluster-values.ts). Anything else is refused with a message that names it.
 */
import { platformProfileNote, platformValueNote } from '../platform-values.ts';
import { parse } from 'yaml';
import type { InstallValues } from './manifests/index.ts';
import {
	isSimulatedProfile,
	profileComponents,
	profileValues,
	SIMULATED_PROFILES,
	type ComponentSwitches,
	type SimulatedProfile
} from './manifests/profiles.ts';
import { unknownMeshConfigField } from './mesh-config-fields.ts';
import {
	GLOBAL_PATHS,
	isGlobalPath,
	type EnvVar,
	type MulticlusterValues
} from './manifests/multicluster-values.ts';

/** `istioctl profile list` on 1.30. */
export const PROFILES = [
	'ambient',
	'default',
	'demo',
	'empty',
	'minimal',
	'openshift',
	'openshift-ambient',
	'preview',
	'remote',
	'stable'
];

const SIMULATED = `the simulated profiles are ${SIMULATED_PROFILES.join(', ')}`;

/** MeshConfig fields a `--set meshConfig.X=…` (or a file's spec.meshConfig) may change here. */
const MESH_CONFIG_SETTABLE = ['accessLogFile'];
/** What the notes list: the settable fields and the one ProxyConfig field (TRUSTED_PROXIES). */
const SETTABLE_NOTE = `${MESH_CONFIG_SETTABLE.join(', ')} and defaultConfig.gatewayTopology.numTrustedProxies`;

/** istiod's experimental agentgateway switch (docs/ambient/usage/agentgateway). */
const AGENTGATEWAY_FLAG = 'values.pilot.env.PILOT_ENABLE_AGENTGATEWAY';

/** The stock gateway of each kind, as `spec.components` names them. */
const GATEWAYS = {
	ingressGateways: { name: 'istio-ingressgateway', component: 'IngressGateways' },
	egressGateways: { name: 'istio-egressgateway', component: 'EgressGateways' }
} as const;

export interface InstallPlan {
	readonly profile: SimulatedProfile;
	readonly components: ComponentSwitches;
	readonly values: InstallValues;
}

export interface InstallFile {
	readonly name: string;
	readonly text: string;
}

type Gathered = {
	profile?: string;
	meshConfig: Record<string, string>;
	numTrustedProxies?: number;
	components: Partial<Record<keyof ComponentSwitches, boolean>>;
	global: { -readonly [K in 'meshID' | 'clusterName' | 'network']?: string };
	pilotEnv: EnvVar[];
	pilotK8sEnv: EnvVar[];
};

/** What a file or --set may put under `values` here (the multicluster pages' settings). */
const VALUES_SETTABLE = `${Object.keys(GLOBAL_PATHS).join(', ')} and pilot.env`;

/** A scalar as Helm's values would print it in a template (`"true"` and `true` alike). */
const scalar = (v: unknown): string | undefined =>
	typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

function setValue(path: string, value: string, into: Gathered): string | undefined {
	if (`values.${path}` === AGENTGATEWAY_FLAG)
		return `values.${path} is not simulated: Mesh Playground has no agentgateway data plane (istiod registers no istio-agentgateway GatewayClass)`;
	const platform = platformValueNote(path, value);
	if (platform) return `values.${platform}`;
	if (isGlobalPath(path)) into.global[GLOBAL_PATHS[path]] = value;
	else if (path.startsWith('pilot.env.') && path.length > 'pilot.env.'.length)
		upsert(into.pilotEnv, { name: path.slice('pilot.env.'.length), value });
	else return `values.${path} is not simulated here (of values, only ${VALUES_SETTABLE})`;
	return undefined;
}

function upsert(list: EnvVar[], e: EnvVar): void {
	const i = list.findIndex((x) => x.name === e.name);
	if (i >= 0) list[i] = e;
	else list.push(e);
}

/** Leaves of a `spec.values` tree as dotted paths. */
function leaves(o: Obj, prefix = ''): [string, unknown][] {
	return Object.entries(o).flatMap(([k, v]) =>
		isObj(v) ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]
	);
}

function valuesFrom(values: Obj, into: Gathered): string | undefined {
	for (const [path, v] of leaves(values)) {
		const value = scalar(v);
		if (value === undefined) return `values.${path}: expected a scalar value`;
		const error = setValue(path, value, into);
		if (error) return `spec.${error}`;
	}
	return undefined;
}

/** `components.pilot.k8s.env`: a list of name/value pairs (no valueFrom here). */
function pilotFrom(pilot: unknown, into: Gathered): string | undefined {
	const k8s = isObj(pilot) ? pilot['k8s'] : undefined;
	const keys = isObj(pilot) ? Object.keys(pilot) : [];
	const k8sKeys = isObj(k8s) ? Object.keys(k8s) : [];
	if (
		!isObj(pilot) ||
		keys.some((k) => k !== 'k8s') ||
		!isObj(k8s) ||
		k8sKeys.some((k) => k !== 'env')
	)
		return 'spec.components.pilot is not simulated here beyond k8s.env';
	const env = k8s['env'];
	if (!Array.isArray(env)) return 'spec.components.pilot.k8s.env: expected a list';
	for (const e of env) {
		const name = isObj(e) ? e['name'] : undefined;
		const value = isObj(e) ? scalar(e['value']) : undefined;
		if (typeof name !== 'string' || value === undefined)
			return 'spec.components.pilot.k8s.env: only name/value entries are simulated';
		upsert(into.pilotK8sEnv, { name, value });
	}
	return undefined;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A value YAML would read as something else (`/dev/stdout` is fine) is quoted. */
const meshValue = (value: string): string =>
	/^[\w/.-]*$/.test(value) && value !== '' ? value : JSON.stringify(value);

function fromFile(file: InstallFile, into: Gathered): string | undefined {
	let doc: unknown;
	try {
		doc = parse(file.text, { maxAliasCount: 0 });
	} catch (e) {
		return `could not parse ${file.name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
	}
	if (!isObj(doc) || doc['kind'] !== 'IstioOperator')
		return `${file.name}: expected an IstioOperator (install.istio.io/v1alpha1), got kind ${JSON.stringify(isObj(doc) ? (doc['kind'] ?? '') : '')}`;
	const spec = isObj(doc['spec']) ? doc['spec'] : {};
	for (const [key, value] of Object.entries(spec)) {
		if (key === 'profile' && typeof value === 'string') into.profile = value;
		else if (key === 'meshConfig' && isObj(value)) {
			for (const [k, v] of Object.entries(value)) {
				const unknown = unknownMeshConfigField(k);
				if (unknown) return unknown;
				if (k === 'defaultConfig') {
					const error = defaultConfigFrom(v, into);
					if (error) return error;
					continue;
				}
				if (!MESH_CONFIG_SETTABLE.includes(k) || typeof v !== 'string')
					return `spec.meshConfig.${k} is not simulated (of meshConfig, only ${SETTABLE_NOTE} can be set)`;
				into.meshConfig[k] = meshValue(v);
			}
		} else if (key === 'components' && isObj(value)) {
			const error = gatewaysFrom(value, into);
			if (error) return error;
		} else if (key === 'values' && isObj(value)) {
			const error = valuesFrom(value, into);
			if (error) return error;
		} else
			return `spec.${key} is not simulated here (only spec.profile, spec.meshConfig, spec.values' multicluster settings and the stock gateways in spec.components)`;
	}
	return undefined;
}

/** The ProxyConfig field the simulation honours: gatewayTopology.numTrustedProxies. */
const TRUSTED_PROXIES = 'defaultConfig.gatewayTopology.numTrustedProxies';
const DEFAULT_CONFIG_NOTE = `of meshConfig.defaultConfig, only gatewayTopology.numTrustedProxies can be set`;

/** numTrustedProxies is a uint32 (mesh/v1alpha1/proxy.proto Topology); jsonpb takes a number or its string. */
function trustedProxies(v: unknown, into: Gathered): string | undefined {
	const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
	if (!Number.isInteger(n) || n < 0 || n > 4294967295)
		return `failed to unmarshall mesh config: bad value for numTrustedProxies: ${JSON.stringify(v)}`;
	into.numTrustedProxies = n;
	return undefined;
}

function defaultConfigFrom(v: unknown, into: Gathered): string | undefined {
	if (!isObj(v)) return `spec.meshConfig.defaultConfig is not simulated (${DEFAULT_CONFIG_NOTE})`;
	for (const [k, topology] of Object.entries(v)) {
		if (k !== 'gatewayTopology' || !isObj(topology))
			return `spec.meshConfig.defaultConfig.${k} is not simulated (${DEFAULT_CONFIG_NOTE})`;
		for (const [f, n] of Object.entries(topology)) {
			if (f !== 'numTrustedProxies')
				return `spec.meshConfig.defaultConfig.gatewayTopology.${f} is not simulated (${DEFAULT_CONFIG_NOTE})`;
			const error = trustedProxies(n, into);
			if (error) return error;
		}
	}
	return undefined;
}

function gatewaysFrom(components: Obj, into: Gathered): string | undefined {
	for (const [key, list] of Object.entries(components)) {
		if (key === 'pilot') {
			const error = pilotFrom(list, into);
			if (error) return error;
			continue;
		}
		const stock = key === 'ingressGateways' || key === 'egressGateways' ? GATEWAYS[key] : undefined;
		if (!stock || !Array.isArray(list))
			return `spec.components.${key} is not simulated here (only pilot.k8s.env, ingressGateways and egressGateways)`;
		for (const g of list) {
			const name = isObj(g) ? g['name'] : undefined;
			if (name !== stock.name)
				return `spec.components.${key}: only the stock gateway ${stock.name} is simulated, not ${JSON.stringify(name ?? '')}`;
			if (isObj(g) && typeof g['enabled'] === 'boolean')
				into.components[stock.component] = g['enabled'];
		}
	}
	return undefined;
}

function fromSet(s: string, into: Gathered): string | undefined {
	const eq = s.indexOf('=');
	if (eq < 0) return `--set ${s}: expected the form path=value`;
	const path = s.slice(0, eq);
	const value = s.slice(eq + 1);
	const meshKey = path.replace(/^(spec\.)?meshConfig\./, '');
	const meshField =
		meshKey !== path ? unknownMeshConfigField(meshKey.split('.')[0] ?? '') : undefined;
	if (path === 'profile' || path === 'spec.profile') into.profile = value;
	else if (meshField) return meshField;
	else if (path === AGENTGATEWAY_FLAG)
		return `--set ${path} is not simulated: Mesh Playground has no agentgateway data plane (istiod registers no istio-agentgateway GatewayClass)`;
	else if (meshKey !== path && MESH_CONFIG_SETTABLE.includes(meshKey))
		into.meshConfig[meshKey] = meshValue(value);
	else if (meshKey === TRUSTED_PROXIES) return trustedProxies(value, into);
	else if (/^(spec\.)?values\./.test(path)) {
		const error = setValue(path.replace(/^(spec\.)?values\./, ''), value, into);
		if (error) return `--set ${error}`;
	} else
		return `--set ${path} is not simulated: ${SIMULATED} (of meshConfig, only ${SETTABLE_NOTE} can be set)`;
	return undefined;
}

/** The profile, components and values, or the `generate config:` error's text. */
export function installPlan(
	files: readonly InstallFile[],
	sets: readonly string[]
): InstallPlan | { error: string } {
	const g: Gathered = {
		meshConfig: {},
		components: {},
		global: {},
		pilotEnv: [],
		pilotK8sEnv: []
	};
	for (const f of files) {
		const error = fromFile(f, g);
		if (error) return { error };
	}
	for (const s of sets) {
		const error = fromSet(s, g);
		if (error) return { error };
	}
	const profile = g.profile || 'default';
	if (!PROFILES.includes(profile))
		return {
			error: `profile "${profile}" not found; available profiles: ${PROFILES.join(', ')}`
		};
	if (!isSimulatedProfile(profile))
		return {
			error:
				platformProfileNote(profile) ?? `the "${profile}" profile is not simulated: ${SIMULATED}`
		};
	return {
		profile,
		components: { ...profileComponents(profile), ...g.components },
		values: {
			meshConfig: g.meshConfig,
			...(g.numTrustedProxies !== undefined ? { numTrustedProxies: g.numTrustedProxies } : {}),
			profile: profileValues(profile),
			multicluster: multicluster(g)
		}
	};
}

function multicluster(g: Gathered): MulticlusterValues | undefined {
	const m: MulticlusterValues = {
		...g.global,
		...(g.pilotEnv.length > 0 ? { pilotEnv: g.pilotEnv } : {}),
		...(g.pilotK8sEnv.length > 0 ? { pilotK8sEnv: g.pilotK8sEnv } : {})
	};
	return Object.keys(m).length > 0 ? m : undefined;
}
