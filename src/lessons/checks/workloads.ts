/**
 * Turns the workload names lessons use (`curl`, `other/curl`, `deploy/curl`) into pods, pod IPs
 * and Service VIPs, read from the API server.
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import { upstreamLookup } from '../../mesh/net/internet.ts';

export interface Workload {
	readonly namespace: string;
	readonly name: string;
	/** Running pods, oldest first. */
	readonly pods: readonly KubeObject[];
	readonly podIps: ReadonlySet<string>;
	/** ClusterIPs of the Service with the workload's name, if any. */
	readonly serviceIps: ReadonlySet<string>;
	/** `name.ns.svc.cluster.local` */
	readonly serviceHost: string;
}

export function parseRef(ref: string, namespace = 'default'): { namespace: string; name: string } {
	const trimmed = ref.replace(/^(deploy|deployment|deployments|pod|pods|po)\//, '');
	const slash = trimmed.indexOf('/');
	return slash < 0
		? { namespace, name: trimmed }
		: { namespace: trimmed.slice(0, slash), name: trimmed.slice(slash + 1) };
}

/**
 * A host on the simulated internet (`httpbin.org`): its public address, and the VIPs any
 * ServiceEntry for it was given; events name it by its host (`dst.service`).
 */
function externalHost(api: ApiServer, host: string): Workload | undefined {
	const address = upstreamLookup(host);
	if (address === undefined) return undefined;
	const vips = new Set<string>();
	const seType = api.resolve('serviceentries.networking.istio.io');
	const entries = seType ? api.list(seType) : [];
	for (const se of Array.isArray(entries) ? entries : []) {
		const addrs = (se['status'] as { addresses?: { host?: string; value?: string }[] } | undefined)
			?.addresses;
		for (const a of addrs ?? []) if (a.host === host && a.value) vips.add(a.value);
	}
	return {
		namespace: '',
		name: host,
		pods: [],
		podIps: new Set([address]),
		serviceIps: vips,
		serviceHost: host
	};
}

export function resolveWorkload(api: ApiServer, ref: string, namespace?: string): Workload {
	if (!ref.includes('/')) {
		const external = externalHost(api, ref);
		if (external) return external;
	}
	const { namespace: ns, name } = parseRef(ref, namespace);
	const podType = api.resolve('pods');
	const svcType = api.resolve('services');
	const list = (selector?: string): KubeObject[] => {
		if (!podType) return [];
		const r = api.list(podType, {
			namespace: ns,
			...(selector ? { labelSelector: selector } : {})
		});
		return Array.isArray(r) ? r : [];
	};
	let pods = list(`app=${name}`);
	if (pods.length === 0)
		pods = list().filter((p) => p.metadata.name.startsWith(`${name}-`) || p.metadata.name === name);
	const running = pods
		.filter(
			(p) =>
				(p.status as { phase?: string } | undefined)?.phase === 'Running' &&
				!p.metadata.deletionTimestamp
		)
		.sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp));
	const podIps = new Set(
		pods
			.map((p) => (p.status as { podIP?: string } | undefined)?.podIP)
			.filter((x): x is string => !!x)
	);
	const serviceIps = new Set<string>();
	if (svcType) {
		const svc = api.get(svcType, ns, name);
		const ip =
			'metadata' in svc ? (svc.spec as { clusterIP?: string } | undefined)?.clusterIP : undefined;
		if (ip && ip !== 'None') serviceIps.add(ip);
	}
	return {
		namespace: ns,
		name,
		pods: running,
		podIps,
		serviceIps,
		serviceHost: `${name}.${ns}.svc.cluster.local`
	};
}

/** Pod IPs of every waypoint (pods of a Gateway of class istio-waypoint), `ns/name` by IP. */
export function waypointIps(api: ApiServer): Map<string, string> {
	const podType = api.resolve('pods');
	const out = new Map<string, string>();
	if (!podType) return out;
	const pods = api.list(podType, { labelSelector: 'gateway.networking.k8s.io/gateway-name' });
	if (!Array.isArray(pods)) return out;
	for (const p of pods) {
		const ip = (p.status as { podIP?: string } | undefined)?.podIP;
		const gw = p.metadata.labels?.['gateway.networking.k8s.io/gateway-name'];
		if (ip && gw) out.set(ip, `${p.metadata.namespace}/${gw}`);
	}
	return out;
}
