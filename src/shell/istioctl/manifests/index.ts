/**
 * What `istioctl install` renders, component by component, in operator/pkg/component's order
 * (AllComponents). The installer applies them as componentDependencies allow (Base first; Pilot
 * and CNI after Base; the gateways after Pilot; Ztunnel after CNI). Names and icons are
 * operator/pkg/component's.
 */
import type { KubeObject } from '../../../mesh/api/objects.ts';
import { baseObjects } from './base.ts';
import { cniObjects } from './cni.ts';
import { egressGatewayObjects, ingressGatewayObjects } from './gateways.ts';
import { istiodObjects } from './istiod.ts';
import type { ComponentName } from './labels.ts';
import type { MulticlusterValues } from './multicluster-values.ts';
import type { ProfileValues } from './profiles.ts';
import { ztunnelObjects } from './ztunnel.ts';

/** The profile's values and the `--set` values the simulation honours beyond it. */
export interface InstallValues {
	/** `meshConfig.<key>=<value>` settings, written into the `istio` ConfigMap's mesh. */
	readonly meshConfig: Readonly<Record<string, string>>;
	/** `meshConfig.defaultConfig.gatewayTopology.numTrustedProxies`, when set. */
	readonly numTrustedProxies?: number;
	readonly profile: ProfileValues;
	/** Mesh, cluster and network names and istiod's extra env (multicluster installs). */
	readonly multicluster?: MulticlusterValues;
}

export interface Component {
	readonly name: ComponentName;
	/** What the progress log calls it: `Istio core`, `Istiod`, `CNI`, `Ztunnel`, `Ingress gateways` … */
	readonly userFacing: string;
	readonly icon: string;
	/** Base's CRD schemas load on demand, so rendering may be asynchronous. */
	readonly objects: (values: InstallValues) => KubeObject[] | Promise<KubeObject[]>;
}

/** component.AllComponents, in its order. */
export const COMPONENTS: readonly Component[] = [
	{ name: 'Base', userFacing: 'Istio core', icon: '⛵️', objects: () => baseObjects() },
	{ name: 'Pilot', userFacing: 'Istiod', icon: '🧠', objects: istiodObjects },
	{
		name: 'IngressGateways',
		userFacing: 'Ingress gateways',
		icon: '🛬',
		objects: ingressGatewayObjects
	},
	{
		name: 'EgressGateways',
		userFacing: 'Egress gateways',
		icon: '🛫',
		objects: egressGatewayObjects
	},
	{ name: 'Cni', userFacing: 'CNI', icon: '🪢', objects: cniObjects },
	{ name: 'Ztunnel', userFacing: 'Ztunnel', icon: '🔒', objects: ztunnelObjects }
];

/** install.go componentDependencies: what each component waits for. */
export const DEPENDS_ON: Readonly<Partial<Record<ComponentName, ComponentName>>> = {
	Pilot: 'Base',
	Cni: 'Base',
	IngressGateways: 'Pilot',
	EgressGateways: 'Pilot',
	Ztunnel: 'Cni'
};
