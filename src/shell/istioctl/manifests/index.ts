/**
 * What `istioctl install --set profile=ambient` renders, component by component, in the order
 * the installer applies them (operator/pkg/install componentDependencies: Base first, then Pilot
 * and CNI, then Ztunnel after CNI). Names and icons are operator/pkg/component's.
 */
import type { KubeObject } from '../../../mesh/api/objects.ts';
import { baseObjects } from './base.ts';
import { cniObjects } from './cni.ts';
import { istiodObjects } from './istiod.ts';
import type { ComponentName } from './labels.ts';
import { ztunnelObjects } from './ztunnel.ts';

/** The `--set` values the simulation honours beyond the profile. */
export interface InstallValues {
	/** `meshConfig.<key>=<value>` settings, written into the `istio` ConfigMap's mesh. */
	readonly meshConfig: Readonly<Record<string, string>>;
}

export interface Component {
	readonly name: ComponentName;
	/** What the progress log calls it: `Istio core`, `Istiod`, `CNI`, `Ztunnel`. */
	readonly userFacing: string;
	readonly icon: string;
	/** Base's CRD schemas load on demand, so rendering may be asynchronous. */
	readonly objects: (values: InstallValues) => KubeObject[] | Promise<KubeObject[]>;
}

export const AMBIENT_COMPONENTS: readonly Component[] = [
	{ name: 'Base', userFacing: 'Istio core', icon: '⛵️', objects: baseObjects },
	{ name: 'Pilot', userFacing: 'Istiod', icon: '🧠', objects: istiodObjects },
	{ name: 'Cni', userFacing: 'CNI', icon: '🪢', objects: cniObjects },
	{ name: 'Ztunnel', userFacing: 'Ztunnel', icon: '🔒', objects: ztunnelObjects }
];
