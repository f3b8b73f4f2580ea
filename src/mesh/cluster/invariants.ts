/**
 * Properties a settled cluster always has, for tests and fuzzers: `checkInvariants(api)` returns
 * one line per violation, empty when all hold.
 */
import type { ApiServer } from '../api/api-server.ts';
import { ENDPOINTS, NAMESPACES, NODES, PODS, SERVICES } from '../api/builtin-resources.ts';
import type { KubeObject, NodeObject, Pod, Service } from '../api/objects.ts';
import { computeSubsets, type EndpointsObject } from './endpoints-controller.ts';
import { isActivePod, listAll } from './pods.ts';

const id = (o: KubeObject): string =>
	`${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

const readyIps = (subsets: EndpointsObject['subsets']): string[] =>
	(subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();

export function checkInvariants(api: ApiServer): string[] {
	const problems: string[] = [];
	const all = api.resources().flatMap((type) => listAll(api, type));
	const uids = new Set(all.map((o) => o.metadata.uid));
	const namespaces = new Set(listAll(api, NAMESPACES).map((n) => n.metadata.name));

	const versions = new Map<string, string>();
	for (const o of all) {
		const rv = o.metadata.resourceVersion;
		const seen = versions.get(rv);
		if (seen) problems.push(`resourceVersion ${rv} is shared by ${seen} and ${id(o)}`);
		versions.set(rv, id(o));
		if (o.metadata.namespace !== undefined && !namespaces.has(o.metadata.namespace))
			problems.push(`${id(o)} is in namespace ${o.metadata.namespace}, which does not exist`);
		for (const ref of o.metadata.ownerReferences ?? [])
			if (!uids.has(ref.uid))
				problems.push(`${id(o)} is owned by ${ref.kind} ${ref.name}, which does not exist`);
	}

	const cidrs = new Map(
		listAll<NodeObject>(api, NODES).map((n) => [
			n.metadata.name,
			(n.spec.podCIDR ?? '').split('.').slice(0, 3).join('.')
		])
	);
	const nodeIps = new Map(
		listAll<NodeObject>(api, NODES).map((n) => [
			n.metadata.name,
			n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address
		])
	);
	const pods = listAll<Pod>(api, PODS);
	const podIps = new Map<string, string>();
	for (const p of pods) {
		const podIP = p.status?.podIP;
		if (!podIP || !isActivePod(p)) continue;
		// A host-network pod shares its node's address with the node's other such pods.
		if (p.spec.hostNetwork === true && podIP === nodeIps.get(p.spec.nodeName ?? '')) continue;
		const other = podIps.get(podIP);
		if (other) problems.push(`pod IP ${podIP} is used by ${other} and ${id(p)}`);
		podIps.set(podIP, id(p));
		const prefix = cidrs.get(p.spec.nodeName ?? '');
		if (prefix !== undefined && !podIP.startsWith(`${prefix}.`))
			problems.push(`${id(p)} has IP ${podIP}, outside node ${p.spec.nodeName}'s podCIDR`);
	}

	const vips = new Map<string, string>();
	const endpoints = new Map(
		listAll<EndpointsObject>(api, ENDPOINTS).map((e) => [
			`${e.metadata.namespace}/${e.metadata.name}`,
			e
		])
	);
	for (const svc of listAll<Service>(api, SERVICES)) {
		const vip = svc.spec.clusterIP;
		if (vip && vip !== 'None') {
			const other = vips.get(vip);
			if (other) problems.push(`ClusterIP ${vip} is used by ${other} and ${id(svc)}`);
			vips.set(vip, id(svc));
		}
		if (Object.keys(svc.spec.selector ?? {}).length === 0) continue;
		const ns = svc.metadata.namespace ?? 'default';
		const expected = readyIps(
			computeSubsets(
				svc,
				pods.filter((p) => p.metadata.namespace === ns)
			)
		);
		const actual = readyIps(endpoints.get(`${ns}/${svc.metadata.name}`)?.subsets);
		if (expected.join(',') !== actual.join(','))
			problems.push(
				`Endpoints ${ns}/${svc.metadata.name} list [${actual.join(', ')}], ready pods are [${expected.join(', ')}]`
			);
	}
	return problems;
}
