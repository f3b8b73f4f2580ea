/**
 * "Why" notes for a trace's destination: the AuthorizationPolicies a learner wrote for this
 * traffic that are not enforced as written. The most common ambient mistake is an L7 policy with
 * no waypoint to enforce it; Istio only says so in the policy's status (`WaypointAccepted`,
 * `ZtunnelAccepted`), which nobody reads while staring at a 200 or a reset. Pure: reads the
 * conditions istiod wrote and the trace's hops, so Node tests drive it with plain objects.
 */
import type { KubeObject, Pod } from '../../mesh/api/objects.ts';
import type { TrafficEvent } from '../../mesh/telemetry/traffic.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { arr, obj } from '../../mesh/json.ts';

export interface ExplainContext {
	/** Every AuthorizationPolicy in the cluster, with the status istiod wrote. */
	readonly policies: readonly KubeObject[];
	/** `namespace/pod` → the pod's labels, to match `selector.matchLabels`. */
	readonly podLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
	readonly rootNamespace?: string;
}

/** The context from listed objects: policies as they are, pods reduced to their labels. */
export function explainContext(
	policies: readonly KubeObject[],
	pods: readonly Pod[]
): ExplainContext {
	return {
		policies,
		podLabels: new Map(
			pods.map((p) => [
				`${p.metadata.namespace ?? 'default'}/${p.metadata.name}`,
				p.metadata.labels ?? {}
			])
		)
	};
}

export interface HopNote {
	/** Index into the hops given to `explainTrace`. */
	readonly hop: number;
	readonly text: string;
}

const str = (x: unknown): string => (typeof x === 'string' ? x : '');

interface Condition {
	readonly status: string;
	readonly reason: string;
	readonly message: string;
}

function conditionOf(ap: KubeObject, type: string): Condition | undefined {
	const c = arr(obj(ap['status'])['conditions'])
		.map(obj)
		.find((x) => x['type'] === type);
	return c
		? { status: str(c['status']), reason: str(c['reason']), message: str(c['message']) }
		: undefined;
}

function targetRefs(ap: KubeObject): { group: string; kind: string; name: string }[] {
	const spec = obj(ap['spec']);
	return [...arr(spec['targetRefs']), ...(spec['targetRef'] ? [spec['targetRef']] : [])]
		.map(obj)
		.map((r) => ({ group: str(r['group']), kind: str(r['kind']), name: str(r['name']) }));
}

/** The destination ztunnel's inbound hop (it enforces selector policies), else the last hop. */
function destinationHop(hops: readonly TrafficEvent[]): number {
	for (let i = hops.length - 1; i >= 0; i--) if (hops[i]?.direction === 'inbound') return i;
	return hops.length - 1;
}

const statusText = (c: Condition): string => `status WaypointAccepted=${c.status}, ${c.reason}`;

/** Notes for targetRefs policies on the addressed Service, or on a waypoint that does not exist. */
function waypointNotes(
	hops: readonly TrafficEvent[],
	policies: readonly KubeObject[],
	namespace: string,
	service: string | undefined
): string[] {
	const viaWaypoint = hops.some((h) => h.waypoint !== undefined || h.reporter === 'waypoint');
	const notes: string[] = [];
	for (const ap of policies) {
		if ((ap.metadata.namespace ?? 'default') !== namespace) continue;
		const key = `${namespace}/${ap.metadata.name}`;
		const cond = conditionOf(ap, 'WaypointAccepted');
		for (const ref of targetRefs(ap)) {
			const isService = ref.kind === 'Service' && (ref.group === '' || ref.group === 'core');
			if (isService && ref.name === service) {
				// The status names each unbound Service, also inside a PartiallyInvalid message.
				const unbound = cond
					? cond.message.includes(`Service ${namespace}/${ref.name} is not bound to a waypoint`)
					: !viaWaypoint;
				if (!unbound) continue;
				notes.push(
					t('explain.serviceUnbound', {
						policy: key,
						service: ref.name,
						status: cond ? ` (${statusText(cond)})` : ''
					})
				);
			} else if (
				ref.kind === 'Gateway' &&
				cond?.message.includes(`Gateway ${namespace}/${ref.name} was not found`)
			) {
				notes.push(
					t('explain.gatewayMissing', {
						policy: key,
						gateway: ref.name,
						status: statusText(cond),
						namespace
					})
				);
			}
		}
	}
	return notes;
}

/** Does a selector-less (namespace or root) or selector policy apply to this pod? */
function selects(
	ap: KubeObject,
	namespace: string,
	labels: Readonly<Record<string, string>> | undefined,
	root: string
): boolean {
	const apNs = ap.metadata.namespace ?? 'default';
	if (apNs !== namespace && apNs !== root) return false;
	const selector = obj(ap['spec'])['selector'];
	if (selector === undefined || selector === null) return true;
	if (!labels) return false;
	return Object.entries(obj(obj(selector)['matchLabels'])).every(([k, v]) => labels[k] === v);
}

const HTTP_STATUS = /^ztunnel does not support HTTP attributes \(found: ([^)]*)\)/;

/** What each of istiod's `UnsupportedValue` boilerplates means for the traffic. */
function meaning(message: string): string {
	if (message.includes('Within an ALLOW policy')) return t('explain.allowDropped');
	if (message.includes('will have no effect')) return t('explain.denyNoEffect');
	return t('explain.denyWithout');
}

/** Selector or namespace policies with HTTP fields that the destination ztunnel enforces. */
function ztunnelNotes(hop: TrafficEvent, ctx: ExplainContext, namespace: string): string[] {
	if (hop.reporter !== 'ztunnel' || hop.direction !== 'inbound') return [];
	const workload = hop.dst.workload;
	const labels = workload ? ctx.podLabels.get(workload) : undefined;
	const root = ctx.rootNamespace ?? 'istio-system';
	const notes: string[] = [];
	for (const ap of ctx.policies) {
		if (targetRefs(ap).length > 0 || !selects(ap, namespace, labels, root)) continue;
		const cond = conditionOf(ap, 'ZtunnelAccepted');
		const found = cond?.status === 'False' ? HTTP_STATUS.exec(cond.message)?.[1] : undefined;
		if (!cond || found === undefined) continue;
		const key = `${ap.metadata.namespace ?? 'default'}/${ap.metadata.name}`;
		const decided = hop.decision.result === 'deny' && hop.decision.policy === key;
		notes.push(
			t('explain.httpAtZtunnel', {
				policy: key,
				fields: found,
				reason: cond.reason,
				meaning: meaning(cond.message),
				decided: decided ? ` ${t('explain.decided')}` : ''
			})
		);
	}
	return notes;
}

/** `productpage.default.svc.cluster.local` → name and namespace. */
function addressedService(hops: readonly TrafficEvent[]): { name: string; ns: string } | undefined {
	const host = hops.find((h) => h.dst.service)?.dst.service;
	const [name, ns] = host?.split('.') ?? [];
	return name && ns ? { name, ns } : undefined;
}

/** Notes for the trace's destination hop; `hops` in the order the trace shows them. */
export function explainTrace(hops: readonly TrafficEvent[], ctx: ExplainContext): HopNote[] {
	const at = destinationHop(hops);
	const hop = hops[at];
	if (!hop) return [];
	const svc = addressedService(hops);
	const namespace = svc?.ns ?? hop.dst.namespace ?? hop.dst.workload?.split('/')[0];
	if (!namespace) return [];
	return [
		...waypointNotes(hops, ctx.policies, namespace, svc?.name),
		...ztunnelNotes(hop, ctx, hop.dst.namespace ?? hop.dst.workload?.split('/')[0] ?? namespace)
	].map((text) => ({ hop: at, text }));
}
