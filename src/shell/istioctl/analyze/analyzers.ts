/**
 * The analyzers `istioctl analyze` runs here, each mirroring the one of the same name in istio
 * pkg/config/analysis/analyzers (1.30.3): injection.Analyzer, conditions.ConditionAnalyzer,
 * virtualservice.DestinationHostAnalyzer and DestinationRuleAnalyzer,
 * destinationrule.SubsetSelectPodAnalyzer. Each reads the cluster through `Inputs` and returns
 * messages; none changes anything.
 */
import type { KubeObject } from '../../../mesh/api/objects.ts';
import { MSG, message, type AnalysisMessage, type Origin } from './messages.ts';
import { arr, obj, str } from '../../../mesh/json.ts';

/** The objects of a kind, across namespaces (analyze filters messages by namespace later). */
export interface Inputs {
	list(kind: string): readonly KubeObject[];
}

export interface Analyzer {
	readonly name: string;
	readonly description: string;
	analyze(inputs: Inputs): AnalysisMessage[];
}

const originOf = (o: KubeObject): Origin => ({
	kind: o.kind,
	namespace: o.metadata.namespace ?? '',
	name: o.metadata.name
});

/** inject.IgnoredNamespaces: analysis never reads these. */
export const IGNORED_NAMESPACES = [
	'kube-system',
	'kube-public',
	'kube-node-lease',
	'local-path-storage'
];
const ISTIO_SYSTEM = 'istio-system';
const INJECTION = 'istio-injection';
const REVISION = 'istio.io/rev';
const DATAPLANE_MODE = 'istio.io/dataplane-mode';

/** Go's `%v` of a []string: `[a b]`. */
const goList = (xs: readonly (string | number)[]): string => `[${xs.join(' ')}]`;

const injection: Analyzer = {
	name: 'injection.Analyzer',
	description: 'Checks conditions related to Istio sidecar injection',
	analyze(inputs) {
		const out: AnalysisMessage[] = [];
		const injected = new Set<string>();
		for (const ns of inputs.list('namespaces')) {
			const name = ns.metadata.name;
			if (name === ISTIO_SYSTEM) continue;
			const labels = ns.metadata.labels ?? {};
			const has = (k: string): boolean => Object.hasOwn(labels, k);
			const injectionLabel = labels[INJECTION] ?? '';
			const istioLabels: string[] = [];
			if (has(INJECTION)) istioLabels.push(`${INJECTION}=${injectionLabel}`);
			for (const l of [REVISION, DATAPLANE_MODE])
				if (has(l) && (!has(INJECTION) || injectionLabel === 'enabled'))
					istioLabels.push(`${l}=${labels[l] ?? ''}`);
			if (istioLabels.length > 1)
				out.push(message(MSG.NamespaceMultipleInjectionLabels, originOf(ns), goList(istioLabels)));
			if (labels[DATAPLANE_MODE] === 'ambient') continue;
			if (injectionLabel === '' && !has(REVISION)) {
				out.push(message(MSG.NamespaceNotInjected, originOf(ns), name, name));
				continue;
			}
			if (injectionLabel === 'enabled') injected.add(name);
		}
		for (const pod of inputs.list('pods')) {
			const ns = pod.metadata.namespace ?? '';
			if (!injected.has(ns)) continue;
			const inject =
				pod.metadata.labels?.['sidecar.istio.io/inject'] ??
				pod.metadata.annotations?.['sidecar.istio.io/inject'] ??
				'';
			if (inject.toLowerCase() === 'false') continue;
			const spec = obj(pod['spec']);
			if (spec['hostNetwork'] === true) continue;
			const containers = [...arr(spec['containers']), ...arr(spec['initContainers'])];
			if (!containers.some((c) => obj(c)['name'] === 'istio-proxy'))
				out.push(message(MSG.PodMissingProxy, originOf(pod), `${ns}/${pod.metadata.name}`));
		}
		return out;
	}
};

/** negativeConditionsToReport: the condition types whose False status is worth a warning. */
const NEGATIVE: Readonly<Record<string, readonly string[]>> = {
	services: ['istio.io/WaypointBound'],
	authorizationpolicies: ['ZtunnelAccepted', 'WaypointAccepted'],
	'gateways.gateway.networking.k8s.io': ['Accepted', 'Programmed', 'ResolvedRefs'],
	httproutes: ['Accepted', 'Programmed', 'ResolvedRefs']
};

const conditions: Analyzer = {
	name: 'conditions.ConditionAnalyzer',
	description: 'Checks for negative status conditions on resources',
	analyze(inputs) {
		const out: AnalysisMessage[] = [];
		for (const [kind, types] of Object.entries(NEGATIVE)) {
			for (const o of inputs.list(kind)) {
				const status = obj(o['status']);
				// A route's conditions live per parent (extractParentConditions).
				const conds =
					kind === 'httproutes'
						? arr(status['parents']).flatMap((p) => arr(obj(p)['conditions']))
						: arr(status['conditions']);
				for (const c of conds.map(obj)) {
					const type = str(c['type']) ?? '';
					const negative = types.includes(type) && c['status'] === 'False';
					const partial =
						kind === 'authorizationpolicies' &&
						type === 'WaypointAccepted' &&
						c['reason'] === 'PartiallyInvalid';
					if (negative || partial)
						out.push(
							message(
								MSG.NegativeConditionStatus,
								originOf(o),
								type,
								str(c['reason']) ?? '',
								str(c['message']) ?? ''
							)
						);
				}
			}
		}
		return out;
	}
};

const DOMAIN = 'svc.cluster.local';

/** util.GetResourceNameFromHost: `reviews` in `ns`, or `reviews.other.svc.cluster.local`. */
function serviceKey(host: string, namespace: string): string {
	const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(host);
	return m ? `${m[2]}/${m[1]}` : `${namespace}/${host}`;
}

function servicePorts(inputs: Inputs): Map<string, number[]> {
	const out = new Map<string, number[]>();
	for (const s of inputs.list('services'))
		out.set(
			`${s.metadata.namespace ?? 'default'}/${s.metadata.name}`,
			arr(obj(s['spec'])['ports']).map((p) => Number(obj(p)['port']))
		);
	return out;
}

interface RouteDestination {
	readonly host: string;
	readonly subset: string | undefined;
	readonly port: number | undefined;
}

/** getRouteDestinations: every http, tcp and tls route's destination. */
function routeDestinations(vs: KubeObject): RouteDestination[] {
	const spec = obj(vs['spec']);
	return ['http', 'tcp', 'tls'].flatMap((k) =>
		arr(spec[k]).flatMap((rule) =>
			arr(obj(rule)['route']).map((r) => {
				const d = obj(obj(r)['destination']);
				const port = obj(d['port'])['number'];
				return {
					host: str(d['host']) ?? '',
					subset: str(d['subset']),
					port: typeof port === 'number' ? port : undefined
				};
			})
		)
	);
}

/** Hosts outside the cluster's Services (ServiceEntries, wildcards) are not judged here. */
const judged = (host: string): boolean =>
	!host.includes('*') && (!host.includes('.') || host.endsWith(`.${DOMAIN}`));

const destinationHosts: Analyzer = {
	name: 'virtualservice.DestinationHostAnalyzer',
	description: 'Checks the destination hosts associated with each virtual service',
	analyze(inputs) {
		const ports = servicePorts(inputs);
		const out: AnalysisMessage[] = [];
		for (const vs of inputs.list('virtualservices')) {
			const ns = vs.metadata.namespace ?? 'default';
			for (const d of routeDestinations(vs)) {
				if (!judged(d.host)) continue;
				const svc = ports.get(serviceKey(d.host, ns));
				if (!svc) {
					out.push(message(MSG.ReferencedResourceNotFound, originOf(vs), 'host', d.host));
				} else if (d.port === undefined) {
					if (svc.length > 1)
						out.push(
							message(
								MSG.VirtualServiceDestinationPortSelectorRequired,
								originOf(vs),
								d.host,
								goList(svc)
							)
						);
				} else if (!svc.includes(d.port)) {
					out.push(
						message(
							MSG.ReferencedResourceNotFound,
							originOf(vs),
							'host:port',
							`${d.host}:${d.port}`
						)
					);
				}
			}
		}
		return out;
	}
};

const destinationRules: Analyzer = {
	name: 'virtualservice.DestinationRuleAnalyzer',
	description: 'Checks the destination rules associated with each virtual service',
	analyze(inputs) {
		const subsets = new Set<string>();
		for (const dr of inputs.list('destinationrules')) {
			const spec = obj(dr['spec']);
			const host = serviceKey(str(spec['host']) ?? '', dr.metadata.namespace ?? 'default');
			for (const s of arr(spec['subsets'])) subsets.add(`${host}+${str(obj(s)['name']) ?? ''}`);
		}
		const out: AnalysisMessage[] = [];
		for (const vs of inputs.list('virtualservices')) {
			const ns = vs.metadata.namespace ?? 'default';
			for (const d of routeDestinations(vs)) {
				if (d.subset === undefined || d.subset === '') continue;
				if (!subsets.has(`${serviceKey(d.host, ns)}+${d.subset}`))
					out.push(
						message(
							MSG.ReferencedResourceNotFound,
							originOf(vs),
							'host+subset in destinationrule',
							`${d.host}+${d.subset}`
						)
					);
			}
		}
		return out;
	}
};

const labelsMatch = (
	want: Readonly<Record<string, string>>,
	have: Readonly<Record<string, string>>
) => Object.entries(want).every(([k, v]) => have[k] === v);

const subsetPods: Analyzer = {
	name: 'destinationrule.SubsetSelectPodAnalyzer',
	description: 'Checks if pods are selected by subsets in destination rules.',
	analyze(inputs) {
		const selectors = new Map<string, Record<string, string>>();
		for (const s of inputs.list('services')) {
			const sel = obj(obj(s['spec'])['selector']) as Record<string, string>;
			selectors.set(`${s.metadata.namespace ?? 'default'}/${s.metadata.name}`, sel);
		}
		const pods = inputs.list('pods');
		const out: AnalysisMessage[] = [];
		for (const dr of inputs.list('destinationrules')) {
			const spec = obj(dr['spec']);
			const host = str(spec['host']) ?? '';
			if (!judged(host)) continue;
			const selector = selectors.get(serviceKey(host, dr.metadata.namespace ?? 'default'));
			if (!selector) {
				out.push(message(MSG.UnknownDestinationRuleHost, originOf(dr), host));
				continue;
			}
			for (const s of arr(spec['subsets']).map(obj)) {
				const want = { ...selector, ...(obj(s['labels']) as Record<string, string>) };
				if (!pods.some((p) => labelsMatch(want, p.metadata.labels ?? {})))
					out.push(
						message(MSG.DestinationRuleSubsetNotSelectPods, originOf(dr), str(s['name']) ?? '')
					);
			}
		}
		return out;
	}
};

export const ANALYZERS: readonly Analyzer[] = [
	conditions,
	subsetPods,
	injection,
	destinationHosts,
	destinationRules
];
