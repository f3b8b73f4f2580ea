/**
 * The cost view's model: how many Istio proxies the current cluster would run in sidecar mode,
 * in ambient mode with L4 only (one ztunnel per node) and with L7 too (plus waypoints), and what
 * they request in CPU and memory. Pure: Node tests build it from plain API objects.
 *
 * The per-proxy figures are the published comparison's (Solo.io, "What Istio Ambient Mesh means
 * for your wallet", as a conference talk quoted it): every proxy requests 0.1 vCPU and 128 Mi,
 * which gives 31 / 3 / 6 proxies, 3.1 / 0.3 / 0.6 vCPU and 3968 / 384 / 768 Mi for 31 pods on
 * 3 nodes with 3 waypoints. A learner can change them; CPU is kept in millicores, as Kubernetes
 * resource requests are, so sums are exact.
 */
import type { KubeObject, NodeObject, Pod, Service } from '../../mesh/api/objects.ts';
import { runningContainers } from '../../mesh/api/pod-containers.ts';
import { t } from '../i18n/i18n.svelte.ts';

/** Where waypoints go in the L4+L7 column. */
export type WaypointScope = 'deployed' | 'namespace' | 'service';

export interface Assumptions {
	/** CPU each proxy requests, in millicores (100m = 0.1 vCPU). */
	readonly cpuMillis: number;
	/** Memory each proxy requests, in Mi. */
	readonly memoryMi: number;
	readonly waypoints: WaypointScope;
}

/** The published comparison's figures. */
export const PUBLISHED_ASSUMPTIONS: Omit<Assumptions, 'waypoints'> = {
	cpuMillis: 100,
	memoryMi: 128
};

/** The topology the published comparison priced, and the figures it gave. */
export const PUBLISHED = {
	source:
		'Solo.io\'s "What Istio Ambient Mesh means for your wallet", as quoted in a conference talk,',
	counts: { pods: 31, nodes: 3, waypoints: 3 },
	columns: {
		sidecar: { proxies: 31, cpuMillis: 3100, memoryMi: 3968 },
		ambientL4: { proxies: 3, cpuMillis: 300, memoryMi: 384 },
		ambientL7: { proxies: 6, cpuMillis: 600, memoryMi: 768 }
	}
} as const;

/** What the cluster holds, reduced to what the model counts. */
export interface CostCounts {
	/** Application pods: the ones a sidecar would be injected into. */
	readonly pods: number;
	readonly nodes: number;
	/** Waypoints under the chosen scope. */
	readonly waypoints: number;
}

/** Istio proxies running right now, whatever the mode. */
export interface RunningProxies {
	readonly sidecars: number;
	readonly ztunnels: number;
	readonly waypoints: number;
}

export type ColumnId = 'sidecar' | 'ambientL4' | 'ambientL7';

export interface CostColumn {
	readonly id: ColumnId;
	readonly label: string;
	readonly proxies: number;
	readonly cpuMillis: number;
	readonly memoryMi: number;
	/** `7 sidecars (one per pod)`: how the proxy count was reached. */
	readonly breakdown: string;
	/** Proxies of this mode running in the cluster now. */
	readonly running: number;
}

export function costColumns(
	counts: CostCounts,
	assumptions: Pick<Assumptions, 'cpuMillis' | 'memoryMi'>,
	running: RunningProxies = { sidecars: 0, ztunnels: 0, waypoints: 0 }
): CostColumn[] {
	const priced = (
		id: ColumnId,
		label: string,
		proxies: number,
		breakdown: string,
		now: number
	) => ({
		id,
		label,
		proxies,
		cpuMillis: proxies * assumptions.cpuMillis,
		memoryMi: proxies * assumptions.memoryMi,
		breakdown,
		running: now
	});
	const ztunnels = t('cost.ztunnels', { count: counts.nodes });
	return [
		priced(
			'sidecar',
			t('cost.col.sidecar'),
			counts.pods,
			t('cost.why.sidecar', { sidecars: t('cost.sidecars', { count: counts.pods }) }),
			running.sidecars
		),
		priced(
			'ambientL4',
			t('cost.col.ambientL4'),
			counts.nodes,
			t('cost.why.ambientL4', { ztunnels }),
			running.ztunnels
		),
		priced(
			'ambientL7',
			t('cost.col.ambientL7'),
			counts.nodes + counts.waypoints,
			`${ztunnels} + ${t('cost.waypoints', { count: counts.waypoints })}`,
			running.ztunnels + running.waypoints
		)
	];
}

/** `3.1 vCPU`, `0.3 vCPU`, `250m` would read oddly to most learners: vCPU with up to 3 decimals. */
export function formatCpu(millis: number): string {
	return `${Number((millis / 1000).toFixed(3))} vCPU`;
}

export function formatMemory(mi: number): string {
	return `${Number(mi.toFixed(1))} Mi`;
}

export interface ClusterObjects {
	readonly nodes: readonly NodeObject[];
	readonly pods: readonly Pod[];
	readonly services: readonly Service[];
	/** Gateway API Gateways; waypoints are those of class `istio-waypoint`. */
	readonly gateways: readonly KubeObject[];
}

const SYSTEM_NAMESPACES = new Set(['istio-system', 'kube-system', 'local-path-storage']);
/** Labels Istio puts on a waypoint's pods (istiod/waypoints.ts). */
const GATEWAY_MANAGED = 'gateway.istio.io/managed';
const SIDECAR_STATUS = 'sidecar.istio.io/status';
const MESH_CONTROLLER = 'istio.io-mesh-controller';
const WAYPOINT_CLASS = 'istio-waypoint';

const isWaypointPod = (pod: Pod): boolean =>
	pod.metadata.labels?.[GATEWAY_MANAGED] === MESH_CONTROLLER;

const finished = (pod: Pod): boolean =>
	pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** Pods a sidecar would go into: the workloads, not Istio's own proxies or the control plane. */
export function applicationPods(pods: readonly Pod[]): Pod[] {
	return pods.filter(
		(p) =>
			!SYSTEM_NAMESPACES.has(p.metadata.namespace ?? 'default') && !isWaypointPod(p) && !finished(p)
	);
}

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
	!!selector &&
	Object.keys(selector).length > 0 &&
	Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Waypoint Gateways in the cluster, `namespace/name`. */
export function deployedWaypoints(gateways: readonly KubeObject[]): string[] {
	return gateways
		.filter(
			(g) => (g['spec'] as { gatewayClassName?: unknown })?.gatewayClassName === WAYPOINT_CLASS
		)
		.map((g) => `${g.metadata.namespace ?? 'default'}/${g.metadata.name}`)
		.sort();
}

/** How many waypoints each scope means for these objects. */
export function waypointCounts(objects: ClusterObjects): Record<WaypointScope, number> {
	const apps = applicationPods(objects.pods);
	const namespaces = new Set(apps.map((p) => p.metadata.namespace ?? 'default'));
	const services = objects.services.filter((s) =>
		apps.some(
			(p) =>
				(p.metadata.namespace ?? 'default') === (s.metadata.namespace ?? 'default') &&
				selects(s.spec.selector, p.metadata.labels ?? {})
		)
	);
	return {
		deployed: deployedWaypoints(objects.gateways).length,
		namespace: namespaces.size,
		service: services.length
	};
}

/** Deployed waypoints if there are any; otherwise one per namespace, Istio's usual start. */
export function defaultScope(objects: ClusterObjects): WaypointScope {
	return deployedWaypoints(objects.gateways).length > 0 ? 'deployed' : 'namespace';
}

export function costCounts(objects: ClusterObjects, scope: WaypointScope): CostCounts {
	return {
		pods: applicationPods(objects.pods).length,
		nodes: objects.nodes.length,
		waypoints: waypointCounts(objects)[scope]
	};
}

/**
 * A true sidecar: an `istio-proxy` container the injector put into an application pod, which it
 * records in `sidecar.istio.io/status`. ztunnel, waypoint and gateway pods also name their one
 * container `istio-proxy`, but nothing was injected into them.
 */
const hasSidecar = (pod: Pod): boolean =>
	pod.metadata.annotations?.[SIDECAR_STATUS] !== undefined &&
	runningContainers(pod).some((c) => c.name === 'istio-proxy');

/** Sidecars (injected `istio-proxy` containers), ztunnel pods and waypoint pods running now. */
export function runningProxies(pods: readonly Pod[]): RunningProxies {
	const live = pods.filter((p) => !finished(p) && !p.metadata.deletionTimestamp);
	return {
		sidecars: live.filter(hasSidecar).length,
		ztunnels: live.filter(
			(p) => p.metadata.namespace === 'istio-system' && p.metadata.labels?.['app'] === 'ztunnel'
		).length,
		waypoints: live.filter(isWaypointPod).length
	};
}

/** The plain-words assumptions the view lists under the table. */
export function assumptionLines(a: Assumptions, counts: CostCounts): string[] {
	const scope: Record<WaypointScope, () => string> = {
		deployed: () => t('cost.line.scope.deployed'),
		namespace: () => t('cost.line.scope.namespace'),
		service: () => t('cost.line.scope.service')
	};
	return [
		t('cost.line.every', { cpu: formatCpu(a.cpuMillis), memory: formatMemory(a.memoryMi) }),
		t('cost.line.sidecar', { pods: t('cost.workloadPods', { count: counts.pods }) }),
		t('cost.line.ambient', { nodes: t('cost.nodes', { count: counts.nodes }) }),
		t('cost.line.l7', {
			scope: scope[a.waypoints](),
			waypoints: t('cost.waypoints', { count: counts.waypoints })
		}),
		t('cost.line.requests')
	];
}
