/**
 * The charts of Istio's Helm repository (https://istio-release.storage.googleapis.com/charts) the
 * playground serves, at 1.30.3: `base`, `istiod`, `cni`, `ztunnel`, `gateway` and the `ambient`
 * wrapper (istio/istio manifests/charts/* and manifests/sample-charts/ambient: Chart.yaml names,
 * descriptions and templates/NOTES.txt). Their objects come from the same renderers `istioctl
 * install` uses (../istioctl/manifests); render.ts adds what Helm adds.
 */
import type { KubeObject } from '../../mesh/api/objects.ts';
import { ISTIO_VERSION } from '../../mesh/istio/version.ts';
import { baseObjects } from '../istioctl/manifests/base.ts';
import { cniObjects } from '../istioctl/manifests/cni.ts';
import { helmGatewayObjects } from '../istioctl/manifests/gateways.ts';
import type { InstallValues } from '../istioctl/manifests/index.ts';
import { istiodObjects } from '../istioctl/manifests/istiod.ts';
import {
	GLOBAL_PATHS,
	type EnvVar,
	type MulticlusterValues
} from '../istioctl/manifests/multicluster-values.ts';
import { profileValues, type SimulatedProfile } from '../istioctl/manifests/profiles.ts';
import { ztunnelObjects } from '../istioctl/manifests/ztunnel.ts';
import type { Values } from './values.ts';

export interface Chart {
	/** Chart.yaml `name`. */
	readonly name: string;
	readonly description: string;
	/** Value paths (dotted) the playground honours; any other `--set` is refused. */
	readonly settable: readonly string[];
	/** values.yaml, as `helm show values` prints the part the playground honours. */
	readonly defaults: string;
	render(values: Values, release: string, namespace: string): Promise<KubeObject[]>;
	notes(values: Values, release: string, namespace: string): string;
}

/** helm-profiles the charts know (manifests/helm-profiles); only some are simulated. */
const HELM_PROFILES = ['ambient', 'demo', 'preview', 'remote', 'stable'];
const SIMULATED_HELM_PROFILES: readonly string[] = ['ambient', 'demo'];

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A dotted path's value, or undefined. */
export function valueAt(values: Values, path: string): unknown {
	let cur: unknown = values;
	for (const key of path.split('.')) {
		if (!isObj(cur)) return undefined;
		cur = cur[key];
	}
	return cur;
}

/** The chart's zzz_profile.yaml: an unknown profile fails the render. */
export function profileError(values: Values): string | undefined {
	const p = valueAt(values, 'profile');
	if (p === undefined || p === '') return undefined;
	if (typeof p !== 'string' || !HELM_PROFILES.includes(p)) return `unknown profile ${String(p)}`;
	if (!SIMULATED_HELM_PROFILES.includes(p))
		return `the "${p}" profile is not simulated in the playground (simulated: ${SIMULATED_HELM_PROFILES.join(', ')})`;
	return undefined;
}

/** Chart values → the renderers' InstallValues (no profile: the charts' defaults). */
function installValues(values: Values): InstallValues {
	const p = valueAt(values, 'profile');
	const profile: SimulatedProfile = p === 'ambient' || p === 'demo' ? p : 'default';
	const log = valueAt(values, 'meshConfig.accessLogFile');
	return {
		profile: profileValues(profile),
		meshConfig: typeof log === 'string' ? { accessLogFile: log } : {},
		multicluster: multicluster(values)
	};
}

const scalar = (v: unknown): string | undefined =>
	typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** `global.meshID`, `.multiCluster.clusterName`, `.network` and `env.*` (istiod's extra env). */
function multicluster(values: Values): MulticlusterValues | undefined {
	const out: Record<string, unknown> = {};
	for (const [path, key] of Object.entries(GLOBAL_PATHS)) {
		const v = scalar(valueAt(values, path));
		if (v) out[key] = v;
	}
	const env = valueAt(values, 'env');
	const pilotEnv: EnvVar[] = isObj(env)
		? Object.entries(env).flatMap(([name, v]) => {
				const value = scalar(v);
				return value === undefined ? [] : [{ name, value }];
			})
		: [];
	if (pilotEnv.length > 0) out['pilotEnv'] = pilotEnv;
	return Object.keys(out).length > 0 ? (out as MulticlusterValues) : undefined;
}

const learnMore = (release: string, namespace: string): string =>
	`To learn more about the release, try:\n  $ helm status ${release} -n ${namespace}\n  $ helm get all ${release} -n ${namespace}\n`;

const ISTIOD_NOTES_TAIL = `  * Review the list of actively supported releases, CVE publications and our hardening guide:
    * https://istio.io/latest/docs/releases/supported-releases/
    * https://istio.io/latest/news/security/
    * https://istio.io/latest/docs/ops/best-practices/security/

For further documentation see https://istio.io website`;

function istiodNotes(values: Values, release: string, namespace: string): string {
	const next =
		valueAt(values, 'profile') === 'ambient'
			? `  * Get started with ambient: https://istio.io/latest/docs/ops/ambient/getting-started/
  * Review ambient's architecture: https://istio.io/latest/docs/ops/ambient/architecture/`
			: `  * Deploy a Gateway: https://istio.io/latest/docs/setup/additional-setup/gateway/
  * Try out our tasks to get started on common configurations:
    * https://istio.io/latest/docs/tasks/traffic-management
    * https://istio.io/latest/docs/tasks/security/
    * https://istio.io/latest/docs/tasks/policy-enforcement/`;
	return `"istiod" successfully installed!\n\n${learnMore(release, namespace)}\nNext steps:\n${next}\n${ISTIOD_NOTES_TAIL}\n`;
}

const base: Chart = {
	name: 'base',
	description: 'Helm chart for deploying Istio cluster resources and CRDs',
	settable: ['profile'],
	defaults:
		'base:\n  enableCRDTemplates: true\n  excludedCRDs: []\ndefaultRevision: default\nprofile: ""\n',
	render: () => baseObjects('default'),
	notes: (_v, release, namespace) =>
		`Istio base successfully installed!\n\n${learnMore(release, namespace)}`
};

const istiod: Chart = {
	name: 'istiod',
	description: 'Helm chart for istio control plane',
	settable: [
		'profile',
		'meshConfig.accessLogFile',
		...Object.keys(GLOBAL_PATHS),
		'env.AMBIENT_ENABLE_MULTI_NETWORK'
	],
	defaults:
		'meshConfig:\n  enablePrometheusMerge: true\nprofile: ""\nrevision: ""\nglobal:\n  hub: docker.io/istio\n  tag: 1.30.3\n  variant: ""\n',
	render: async (values) => istiodObjects(installValues(values)),
	notes: istiodNotes
};

const cni: Chart = {
	name: 'cni',
	description: 'Helm chart for istio-cni components',
	settable: ['profile'],
	defaults:
		'profile: ""\ncni:\n  ambient:\n    enabled: false\n  excludeNamespaces:\n  - kube-system\nglobal:\n  hub: docker.io/istio\n  tag: 1.30.3\n  variant: ""\n',
	render: async (values) => cniObjects(installValues(values)),
	notes: (_v, release, namespace) =>
		`"${release}" successfully installed!\n\n${learnMore(release, namespace)}`
};

const ztunnel: Chart = {
	name: 'ztunnel',
	description: 'Helm chart for istio ztunnel components',
	settable: ['profile'],
	defaults:
		'profile: ""\nresourceName: ""\nhub: docker.io/istio\ntag: 1.30.3\nvariant: ""\nimage: ztunnel\nlogLevel: info\n',
	render: async (values) => ztunnelObjects(installValues(values)),
	notes: (_v, release, namespace) =>
		`ztunnel successfully installed!\n\n${learnMore(release, namespace)}`
};

const gateway: Chart = {
	name: 'gateway',
	description: 'Helm chart for deploying Istio gateways',
	settable: ['service.type'],
	defaults:
		'name: ""\nrevision: ""\nkind: Deployment\nservice:\n  type: LoadBalancer\n  ports:\n  - name: status-port\n    port: 15021\n    protocol: TCP\n    targetPort: 15021\n  - name: http2\n    port: 80\n    protocol: TCP\n    targetPort: 80\n  - name: https\n    port: 443\n    protocol: TCP\n    targetPort: 443\n',
	render: async (values, release, namespace) => {
		const type = valueAt(values, 'service.type');
		return helmGatewayObjects(release, namespace, typeof type === 'string' ? type : 'LoadBalancer');
	},
	notes: (_v, release, namespace) =>
		`"${release}" successfully installed!\n\n${learnMore(release, namespace)}\nNext steps:\n  * Deploy an HTTP Gateway: https://istio.io/latest/docs/tasks/traffic-management/ingress/ingress-control/\n  * Deploy an HTTPS Gateway: https://istio.io/latest/docs/tasks/traffic-management/ingress/secure-ingress/\n`
};

/** sample-charts/ambient: base, cni, istiod and ztunnel with the ambient profile. */
const ambient: Chart = {
	name: 'ambient',
	description: 'Helm umbrella chart for ambient',
	settable: [],
	defaults:
		'global:\n  variant: distroless\n\n# Overrides for the `istiod-remote` dep\nistiod:\n  enabled: true\n  profile: ambient\n\n# Overrides for the `ztunnel` dep\nztunnel:\n  profile: ambient\n  resourceName: ztunnel\n\n# Overrides for the `cni` dep\ncni:\n  profile: ambient\n',
	render: async () => {
		const values = installValues({ profile: 'ambient' });
		return [
			...(await baseObjects('default')),
			...cniObjects(values),
			...istiodObjects(values),
			...ztunnelObjects(values)
		];
	},
	// A wrapper chart has no NOTES.txt of its own; Helm prints only the parent's (no --render-subchart-notes).
	notes: () => ''
};

export const CHARTS: readonly Chart[] = [ambient, base, cni, gateway, istiod, ztunnel];

export const chartVersion = ISTIO_VERSION;

export function findChart(name: string): Chart | undefined {
	return CHARTS.find((c) => c.name === name);
}
