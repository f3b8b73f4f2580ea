/**
 * What `istioctl install` (and `upgrade`) is asked to render: the IstioOperator files given with
 * `-f`, then `--set` flags on top (operator/pkg/render MergeInputs: files in order, then sets).
 * The profile picks components and values (manifests/profiles.ts); a file may switch the stock
 * gateways on or off (`spec.components.ingressGateways[].enabled`) and set the mesh config keys
 * the simulation honours. Anything else is refused with a message that names it.
 */
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

/** istiod's experimental agentgateway switch (docs/ambient/usage/agentgateway). */
const AGENTGATEWAY_FLAG = 'values.pilot.env.PILOT_ENABLE_AGENTGATEWAY';

/**
 * istiod's alpha Gateway API switch (pilot/pkg/features/experimental.go): with it istiod reads
 * TCPRoutes and programs TCP listeners; the experimental-channel task pages set it.
 */
const ALPHA_GATEWAY_API_FLAG = 'values.pilot.env.PILOT_ENABLE_ALPHA_GATEWAY_API';

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
	pilotEnv: Record<string, string>;
	components: Partial<Record<keyof ComponentSwitches, boolean>>;
};

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
				if (!MESH_CONFIG_SETTABLE.includes(k) || typeof v !== 'string')
					return `spec.meshConfig.${k} is not simulated (of meshConfig, only ${MESH_CONFIG_SETTABLE.join(', ')} can be set)`;
				into.meshConfig[k] = meshValue(v);
			}
		} else if (key === 'components' && isObj(value)) {
			const error = gatewaysFrom(value, into);
			if (error) return error;
		} else
			return `spec.${key} is not simulated here (only spec.profile, spec.meshConfig and the stock gateways in spec.components)`;
	}
	return undefined;
}

function gatewaysFrom(components: Obj, into: Gathered): string | undefined {
	for (const [key, list] of Object.entries(components)) {
		const stock = key === 'ingressGateways' || key === 'egressGateways' ? GATEWAYS[key] : undefined;
		if (!stock || !Array.isArray(list))
			return `spec.components.${key} is not simulated here (only ingressGateways and egressGateways)`;
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
	else if (path === ALPHA_GATEWAY_API_FLAG) into.pilotEnv['PILOT_ENABLE_ALPHA_GATEWAY_API'] = value;
	else if (meshKey !== path && MESH_CONFIG_SETTABLE.includes(meshKey))
		into.meshConfig[meshKey] = meshValue(value);
	else
		return `--set ${path} is not simulated: ${SIMULATED} (of meshConfig, only ${MESH_CONFIG_SETTABLE.join(', ')} can be set)`;
	return undefined;
}

/** The profile, components and values, or the `generate config:` error's text. */
export function installPlan(
	files: readonly InstallFile[],
	sets: readonly string[]
): InstallPlan | { error: string } {
	const g: Gathered = { meshConfig: {}, pilotEnv: {}, components: {} };
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
		return { error: `the "${profile}" profile is not simulated: ${SIMULATED}` };
	return {
		profile,
		components: { ...profileComponents(profile), ...g.components },
		values: {
			meshConfig: g.meshConfig,
			profile: profileValues(profile),
			...(Object.keys(g.pilotEnv).length > 0 ? { pilotEnv: g.pilotEnv } : {})
		}
	};
}
