/**
 * NetworkPolicy objects → the table a node's enforcer reads (net/tables.ts PolicyTable), as
 * kube-network-policies' controller resolves them (pkg/networkpolicy/networkpolicy.go
 * getNetworkPoliciesForPod, evaluateSelectors): each pod, by address, gets the rules of every
 * policy whose podSelector selects it in its namespace, per direction its policyTypes name;
 * peers' selectors are resolved to pod addresses here, ingress named ports on the pod itself.
 */
import type { LabelSelector, Pod } from '../api/objects.ts';
import { selectorMatches } from '../api/selectors.ts';
import type {
	PolicyIsolation,
	PolicyPeer,
	PolicyPod,
	PolicyPort,
	PolicyRule,
	PolicyTable
} from '../net/tables.ts';
import { ip, type IpAddr } from '../types.ts';

/** The fields of a NetworkPolicy the enforcer reads (validated by the API server). */
export interface NetworkPolicyObject {
	readonly metadata: { readonly name: string; readonly namespace?: string };
	readonly spec: {
		readonly podSelector?: LabelSelector;
		readonly policyTypes?: readonly string[];
		readonly ingress?: readonly RuleSpec[] | null;
		readonly egress?: readonly RuleSpec[] | null;
	};
}

interface PeerSpec {
	readonly podSelector?: LabelSelector | null;
	readonly namespaceSelector?: LabelSelector | null;
	readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] } | null;
}

interface RuleSpec {
	readonly ports?: readonly {
		readonly protocol?: string;
		readonly port?: number | string;
		readonly endPort?: number;
	}[];
	readonly from?: readonly PeerSpec[];
	readonly to?: readonly PeerSpec[];
}

/** What compiling needs to know of a namespace: its labels. */
export type NamespaceLabels = ReadonlyMap<string, Readonly<Record<string, string>>>;

type Direction = 'ingress' | 'egress';

/** The API server validated the policy; a list that is not one still compiles to nothing. */
const list = <T>(x: readonly T[] | null | undefined): readonly T[] => (Array.isArray(x) ? x : []);

interface Addressed {
	readonly pod: Pod;
	readonly ip: IpAddr;
	readonly namespace: string;
}

/** Pods with an address (hostNetwork pods share the node's, and are not policed: kube-network-policies' podIPIndex skips them). */
function addressed(pods: readonly Pod[]): Addressed[] {
	const out: Addressed[] = [];
	for (const pod of pods) {
		const addr = pod.status?.podIP;
		if (!addr || pod.spec.hostNetwork === true) continue;
		if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
		out.push({ pod, ip: ip(addr), namespace: pod.metadata.namespace ?? 'default' });
	}
	return out;
}

/** evaluateSelectors: a podSelector alone picks the policy's namespace; an empty namespaceSelector, every one. */
function peerPods(
	peer: PeerSpec,
	policyNs: string,
	pods: readonly Addressed[],
	namespaces: NamespaceLabels
): IpAddr[] {
	const ps = peer.podSelector ?? undefined;
	const ns = peer.namespaceSelector ?? undefined;
	return pods
		.filter((p) => {
			if (ps && !selectorMatches(ps, p.pod.metadata.labels)) return false;
			if (!ns) return p.namespace === policyNs;
			return selectorMatches(ns, namespaces.get(p.namespace) ?? {});
		})
		.map((p) => p.ip);
}

function compilePeer(
	peer: PeerSpec,
	policyNs: string,
	pods: readonly Addressed[],
	namespaces: NamespaceLabels
): PolicyPeer {
	if (peer.ipBlock)
		return { cidr: String(peer.ipBlock.cidr), except: [...list(peer.ipBlock.except)] };
	return { pods: peerPods(peer, policyNs, pods, namespaces) };
}

/** A port of the selected pod named `name` (ingress rules resolve names where the port is). */
function namedPort(pod: Pod, name: string, protocol: string): number | undefined {
	for (const c of list(pod.spec.containers))
		for (const p of list(c.ports))
			if (p.name === name && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
	return undefined;
}

function compilePorts(rule: RuleSpec, dir: Direction, selected: Pod): PolicyPort[] | undefined {
	const ports = list(rule.ports);
	if (ports.length === 0) return undefined;
	const out: PolicyPort[] = [];
	for (const p of ports) {
		const protocol = p.protocol ?? 'TCP';
		if (typeof p.port === 'string') {
			if (dir === 'egress') out.push({ protocol, name: p.port });
			else {
				const port = namedPort(selected, p.port, protocol);
				// A name the pod does not have matches nothing.
				if (port !== undefined) out.push({ protocol, port });
			}
		} else if (typeof p.port === 'number')
			out.push({
				protocol,
				port: p.port,
				...(p.endPort !== undefined ? { endPort: p.endPort } : {})
			});
		else out.push({ protocol });
	}
	return out;
}

function policyKey(np: NetworkPolicyObject): string {
	return `${np.metadata.namespace ?? 'default'}/${np.metadata.name}`;
}

/** Whether `np` isolates its pods in `dir` (the API server defaulted policyTypes). */
function isolates(np: NetworkPolicyObject, dir: Direction): boolean {
	return list(np.spec.policyTypes ?? ['Ingress']).includes(
		dir === 'ingress' ? 'Ingress' : 'Egress'
	);
}

export function compilePolicies(
	policies: readonly NetworkPolicyObject[],
	allPods: readonly Pod[],
	namespaces: NamespaceLabels
): PolicyTable {
	const pods = addressed(allPods);
	const table: Record<string, PolicyPod> = {};
	const isolation = new Map<string, { ingress?: PolicyIsolation; egress?: PolicyIsolation }>();
	const ordered = [...policies].sort((a, b) => (policyKey(a) < policyKey(b) ? -1 : 1));
	for (const np of ordered) {
		const policyNs = np.metadata.namespace ?? 'default';
		const selector = np.spec.podSelector ?? {};
		for (const target of pods) {
			if (target.namespace !== policyNs) continue;
			if (!selectorMatches(selector, target.pod.metadata.labels)) continue;
			const entry = isolation.get(target.ip) ?? {};
			for (const dir of ['ingress', 'egress'] as const) {
				if (!isolates(np, dir)) continue;
				const rules: PolicyRule[] = list(np.spec[dir]).map((rule) => {
					const peers = list(dir === 'ingress' ? rule.from : rule.to);
					const ports = compilePorts(rule, dir, target.pod);
					return {
						...(peers.length > 0
							? { peers: peers.map((p) => compilePeer(p, policyNs, pods, namespaces)) }
							: {}),
						...(ports ? { ports } : {})
					};
				});
				const before = entry[dir];
				entry[dir] = {
					policies: [...(before?.policies ?? []), policyKey(np)],
					rules: [...(before?.rules ?? []), ...rules]
				};
			}
			isolation.set(target.ip, entry);
		}
	}
	for (const p of pods) {
		const named: Record<string, { port: number; protocol: string }> = {};
		for (const c of list(p.pod.spec.containers))
			for (const port of list(c.ports))
				if (port.name)
					named[port.name] = { port: port.containerPort, protocol: port.protocol ?? 'TCP' };
		const iso = isolation.get(p.ip);
		if (!iso && Object.keys(named).length === 0) continue;
		table[p.ip] = {
			...(iso?.ingress ? { ingress: iso.ingress } : {}),
			...(iso?.egress ? { egress: iso.egress } : {}),
			...(Object.keys(named).length > 0 ? { namedPorts: named } : {})
		};
	}
	return { pods: table };
}
