/**
 * The analysis messages `istioctl analyze` prints, with their codes, levels and templates as in
 * istio pkg/config/analysis/msg/messages.yaml (1.30.3), and the log line diag.Message renders:
 * `Level [CODE] (Kind namespace/name) text`. Only the messages our analyzers report are here.
 */

export type Level = 'Error' | 'Warning' | 'Info';

/** diag.Level sortOrder: errors first. */
export const LEVEL_ORDER: Readonly<Record<Level, number>> = { Error: 0, Warning: 1, Info: 2 };

export interface MessageType {
	readonly code: string;
	readonly level: Level;
	readonly name: string;
	readonly template: (...args: string[]) => string;
}

/** Where a message points: diag.Message Origin().FriendlyName(). */
export interface Origin {
	readonly kind: string;
	/** '' for cluster-scoped kinds (Namespace). */
	readonly namespace: string;
	readonly name: string;
}

export interface AnalysisMessage {
	readonly type: MessageType;
	readonly origin: Origin;
	readonly text: string;
}

const t = (code: string, level: Level, name: string, template: MessageType['template']) =>
	({ code, level, name, template }) as const;

const q = (s: string): string => JSON.stringify(s);

export const MSG = {
	ReferencedResourceNotFound: t(
		'IST0101',
		'Error',
		'ReferencedResourceNotFound',
		(reftype, refval) => `Referenced ${reftype} not found: ${q(refval ?? '')}`
	),
	NamespaceNotInjected: t(
		'IST0102',
		'Info',
		'NamespaceNotInjected',
		(ns) =>
			`The namespace is not enabled for Istio injection. Run 'kubectl label namespace ${ns} istio-injection=enabled' to enable it, or 'kubectl label namespace ${ns} istio-injection=disabled' to explicitly mark it as not needing injection.`
	),
	PodMissingProxy: t(
		'IST0103',
		'Warning',
		'PodMissingProxy',
		(pod) =>
			`The pod ${pod} is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.`
	),
	VirtualServiceDestinationPortSelectorRequired: t(
		'IST0112',
		'Error',
		'VirtualServiceDestinationPortSelectorRequired',
		(host, ports) =>
			`This VirtualService routes to a service ${q(host ?? '')} that exposes multiple ports ${ports}. Specifying a port in the destination is required to disambiguate.`
	),
	NamespaceMultipleInjectionLabels: t(
		'IST0123',
		'Warning',
		'NamespaceMultipleInjectionLabels',
		(labels) =>
			`The namespace has more than one type of injection labels ${labels}, which may lead to undefined behavior. Make sure only one injection label exists.`
	),
	NegativeConditionStatus: t(
		'IST0171',
		'Warning',
		'NegativeConditionStatus',
		(type, reason, message) =>
			`A condition with a negative status is present: type=${type}, reason=${reason}, message=${message}.`
	),
	DestinationRuleSubsetNotSelectPods: t(
		'IST0173',
		'Error',
		'DestinationRuleSubsetNotSelectPods',
		(subset) =>
			`The Subset ${subset} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).`
	),
	UnknownDestinationRuleHost: t(
		'IST0174',
		'Warning',
		'UnknownDestinationRuleHost',
		(host) =>
			`The host ${host} defined in the DestinationRule does not match any services in the mesh.`
	)
} as const;

export function message(type: MessageType, origin: Origin, ...args: string[]): AnalysisMessage {
	return { type, origin, text: type.template(...args) };
}

/** FriendlyName: `Kind namespace/name`, or `Kind name` when cluster-scoped. */
export function friendlyName(o: Origin): string {
	return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** diag.Message String(): what `-o log` prints. */
export function render(m: AnalysisMessage): string {
	return `${m.type.level} [${m.type.code}] (${friendlyName(m.origin)}) ${m.text}`;
}

/** diag.Messages Sort then dedupe by string: level, code, origin, then text. */
export function sortedDeduped(ms: readonly AnalysisMessage[]): AnalysisMessage[] {
	const sorted = [...ms].sort(
		(a, b) =>
			LEVEL_ORDER[a.type.level] - LEVEL_ORDER[b.type.level] ||
			cmp(a.type.code, b.type.code) ||
			cmp(friendlyName(a.origin), friendlyName(b.origin)) ||
			cmp(render(a), render(b))
	);
	return sorted.filter((m, i) => i === 0 || render(m) !== render(sorted[i - 1]!));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
