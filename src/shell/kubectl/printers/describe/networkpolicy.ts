/**
 * describeNetworkPolicy (kubectl/pkg/describe/describe.go): the pod selector, each direction the
 * policy types enable with its rules (ports, then peers), rules separated by `----------`.
 * It prints `Created on:` as Go prints a metav1.Time, and no Events.
 */
import type { KubeObject, LabelSelector } from '../../../../mesh/api/objects.ts';
import { field, formatSelector } from '../cells.ts';
import { writeAnnotations, writeLabels } from './common.ts';
import { LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter } from './prefix-writer.ts';

interface Port {
	port?: number | string;
	endPort?: number;
	protocol?: string;
}
interface Peer {
	podSelector?: LabelSelector | null;
	namespaceSelector?: LabelSelector | null;
	ipBlock?: { cidr?: string; except?: string[] } | null;
}
interface Rule {
	ports?: Port[];
	from?: Peer[];
	to?: Peer[];
}

/** metav1.Time's String(): Go's `2006-01-02 15:04:05 -0700 MST` in UTC. */
function goTime(ts: unknown): string {
	if (typeof ts !== 'string') return '0001-01-01 00:00:00 +0000 UTC';
	return `${ts.slice(0, 10)} ${ts.slice(11, 19)} +0000 UTC`;
}

const INDENT = '    ';

/** printNetworkPolicySpecIngressFrom / printNetworkPolicySpecEgressTo. */
function writeRules(w: PrefixWriter, rules: Rule[], dir: 'ingress' | 'egress'): void {
	if (rules.length === 0) {
		w.write(LEVEL_0, `${INDENT}<none> (Selected pods are isolated for ${dir} connectivity)\n`);
		return;
	}
	const [title, peersOf, unrestricted] =
		dir === 'ingress'
			? (['From', (r: Rule) => r.from ?? [], 'source'] as const)
			: (['To', (r: Rule) => r.to ?? [], 'destination'] as const);
	rules.forEach((rule, i) => {
		const ports = rule.ports ?? [];
		if (ports.length === 0)
			w.write(LEVEL_0, `${INDENT}To Port: <any> (traffic allowed to all ports)\n`);
		// IntOrString's String() of a nil pointer is <nil>.
		for (const p of ports) {
			const port = p.port ?? '<nil>';
			const protocol = p.protocol ?? 'TCP';
			w.write(
				LEVEL_0,
				p.endPort === undefined
					? `${INDENT}To Port: ${port}/${protocol}\n`
					: `${INDENT}To Port Range: ${port}-${p.endPort}/${protocol}\n`
			);
		}
		const peers = peersOf(rule);
		if (peers.length === 0)
			w.write(LEVEL_0, `${INDENT}${title}: <any> (traffic not restricted by ${unrestricted})\n`);
		for (const peer of peers) {
			w.write(LEVEL_0, `${INDENT}${title}:\n`);
			const pods = peer.podSelector ?? undefined;
			const namespaces = peer.namespaceSelector ?? undefined;
			if (namespaces)
				w.write(LEVEL_1, `${INDENT}NamespaceSelector: ${formatSelector(namespaces)}\n`);
			if (pods) w.write(LEVEL_1, `${INDENT}PodSelector: ${formatSelector(pods)}\n`);
			if (!pods && !namespaces && peer.ipBlock) {
				w.write(LEVEL_1, `${INDENT}IPBlock:\n`);
				w.write(LEVEL_2, `${INDENT}CIDR: ${peer.ipBlock.cidr ?? ''}\n`);
				w.write(LEVEL_2, `${INDENT}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
			}
		}
		if (i !== rules.length - 1) w.write(LEVEL_0, `${INDENT}----------\n`);
	});
}

export function describeNetworkPolicy(obj: KubeObject): string {
	const w = new PrefixWriter();
	w.write(LEVEL_0, `Name:\t${obj.metadata.name}\n`);
	w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
	w.write(LEVEL_0, `Created on:\t${goTime(obj.metadata.creationTimestamp)}\n`);
	writeLabels(w, 'Labels', obj.metadata.labels);
	writeAnnotations(w, 'Annotations', obj.metadata.annotations);
	w.write(LEVEL_0, 'Spec:\n');
	w.write(LEVEL_1, 'PodSelector: ');
	const selector = (field(obj, 'spec', 'podSelector') ?? {}) as LabelSelector;
	const empty =
		Object.keys(selector.matchLabels ?? {}).length === 0 &&
		(selector.matchExpressions ?? []).length === 0;
	w.write(
		LEVEL_2,
		empty
			? '<none> (Allowing the specific traffic to all pods in this namespace)\n'
			: `${formatSelector(selector)}\n`
	);
	const types = (field(obj, 'spec', 'policyTypes') ?? []) as string[];
	for (const [type, dir] of [
		['Ingress', 'ingress'],
		['Egress', 'egress']
	] as const) {
		if (!types.includes(type)) {
			w.write(LEVEL_1, `Not affecting ${dir} traffic\n`);
			continue;
		}
		w.write(LEVEL_1, `Allowing ${dir} traffic:\n`);
		writeRules(w, (field(obj, 'spec', dir) ?? []) as Rule[], dir);
	}
	// policyTypesToString: stringOrNone.
	w.write(LEVEL_1, `Policy Types: ${types.length > 0 ? types.join(', ') : '<none>'}\n`);
	return w.toString();
}
