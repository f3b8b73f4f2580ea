/**
 * Which ztunnel `istioctl ztunnel-config` asks, and fetching its `/config_dump`. Mirrors istio
 * istioctl/pkg/ztunnelconfig runConfigDump (the lookup `daemonset/ztunnel` by default, a
 * positional `<pod>[.namespace]`, or `--node`), util/handlers InferPodInfoFromTypedResource and
 * util/ambient IsZtunnelPod. Errors are values carrying istioctl's wording.
 */
import type { ApiServer } from '../../../mesh/api/api-server.ts';
import { isApiError } from '../../../mesh/api/errors.ts';
import type { KubeObject, LabelSelector, Pod } from '../../../mesh/api/objects.ts';
import { selectorMatches } from '../../../mesh/api/selectors.ts';
import type { Cluster } from '../../../mesh/cluster.ts';

export interface ZtunnelRef {
	readonly name: string;
	readonly namespace: string;
}

export interface TargetError {
	readonly error: string;
}

export const isTargetError = (x: unknown): x is TargetError =>
	typeof x === 'object' && x !== null && 'error' in x;

/** The admin port (ztunnel ARCHITECTURE.md: 15000, config_dump). */
const ADMIN_PORT = 15000;
/** The ztunnel chart's only container. */
const ZTUNNEL_CONTAINER = 'istio-proxy';

/** inferNsInfo: `name.namespace` (the last dot; after the `/` for `type/name`). */
export function inferNsInfo(name: string, namespace: string): ZtunnelRef {
	const slash = name.lastIndexOf('/');
	const dot = name.lastIndexOf('.');
	if (dot < 0 || (slash > 0 && dot < slash)) return { name, namespace };
	return { name: name.slice(0, dot), namespace: name.slice(dot + 1) };
}

function getObject(api: ApiServer, typed: string, namespace: string, name: string) {
	const type = api.resolve(typed);
	if (!type) return { error: `the server doesn't have a resource type "${typed}"` };
	const obj = api.get(type, namespace, name);
	return isApiError(obj) ? { error: obj.message } : obj;
}

function pods(api: ApiServer, namespace: string, fieldSelector?: string): Pod[] {
	const type = api.resolve('pods');
	if (!type) return [];
	const r = api.list(type, { namespace, ...(fieldSelector ? { fieldSelector } : {}) });
	return isApiError(r) ? [] : (r as Pod[]);
}

const ready = (p: Pod): boolean =>
	p.status?.phase === 'Running' &&
	(p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** podutils.ByLogging, simplified: ready pods first, then by name (the sim has no pod ages to break ties). */
function byLogging(a: Pod, b: Pod): number {
	if (ready(a) !== ready(b)) return ready(a) ? -1 : 1;
	const x = a.metadata.name;
	const y = b.metadata.name;
	return x < y ? -1 : x > y ? 1 : 0;
}

function selectorOf(obj: KubeObject): LabelSelector | undefined {
	const spec = (obj as { spec?: { selector?: unknown } }).spec;
	const s = spec?.selector;
	if (typeof s !== 'object' || s === null) return undefined;
	// A Service's selector is a plain label map; workloads use a LabelSelector.
	if ('matchLabels' in s || 'matchExpressions' in s) return s as LabelSelector;
	return { matchLabels: s as Record<string, string> };
}

/**
 * InferPodsFromTypedResource: `pod-name` as is, `type/name` as every pod its selector matches
 * (ordered as `kubectl logs` picks them).
 */
export function inferPods(
	api: ApiServer,
	lookup: string,
	namespace: string
): ZtunnelRef[] | TargetError {
	const ref = inferNsInfo(lookup, namespace);
	if (!ref.name.includes('/')) return [ref];
	const slash = ref.name.indexOf('/');
	const typed = ref.name.slice(0, slash);
	const name = ref.name.slice(slash + 1);
	const obj = getObject(api, typed, ref.namespace, name);
	if (isTargetError(obj))
		return { error: `failed retrieving: ${obj.error} in the "${ref.namespace}" namespace` };
	if (obj.kind === 'Pod') return [{ name: obj.metadata.name, namespace: ref.namespace }];
	const selector = selectorOf(obj);
	if (!selector) return { error: `"${ref.name}" does not refer to a pod: selector is required` };
	return pods(api, ref.namespace)
		.filter((p) => selectorMatches(selector, p.metadata.labels ?? {}))
		.sort(byLogging)
		.map((p) => ({ name: p.metadata.name, namespace: ref.namespace }));
}

/** InferPodInfoFromTypedResource: the first of inferPods. */
export function inferPod(
	api: ApiServer,
	lookup: string,
	namespace: string
): ZtunnelRef | TargetError {
	const all = inferPods(api, lookup, namespace);
	if (isTargetError(all)) return all;
	const first = all[0];
	if (!first) return { error: `no pods match "${inferNsInfo(lookup, namespace).name}"` };
	return first;
}

/** PodOnNodeFromDaemonset: the ztunnel DaemonSet's pod on `node`. */
export function podOnNode(
	api: ApiServer,
	node: string,
	namespace: string
): ZtunnelRef | TargetError {
	const ds = getObject(api, 'daemonsets', namespace, 'ztunnel');
	if (isTargetError(ds)) return ds;
	const selector = selectorOf(ds);
	if (!selector) return { error: 'selector is required' };
	const onNode = pods(api, namespace, `spec.nodeName=${node}`)
		.filter((p) => selectorMatches(selector, p.metadata.labels ?? {}))
		.sort(byLogging);
	const first = onNode[0];
	if (!first) return { error: 'no pods found' };
	return { name: first.metadata.name, namespace };
}

/** IsZtunnelPod: the pod exists and carries the chart's `app: ztunnel` label. */
export function ztunnelPod(api: ApiServer, ref: ZtunnelRef): Pod | undefined {
	const pod = getObject(api, 'pods', ref.namespace, ref.name);
	if (isTargetError(pod)) return undefined;
	return pod.metadata.labels?.['app'] === 'ztunnel' ? (pod as Pod) : undefined;
}

/**
 * extractZtunnelConfigDump: GET :15000/config_dump. Real istioctl port-forwards; we run curl in
 * the ztunnel's own container, which reaches the same admin listener.
 */
export async function fetchConfigDump(cluster: Cluster, pod: Pod): Promise<string | TargetError> {
	const name = pod.metadata.name;
	const namespace = pod.metadata.namespace ?? '';
	const failed = (why: string): TargetError => ({
		error: `failed to execute command on ${name}.${namespace} Ztunnel: ${why}`
	});
	const ip = pod.status?.podIP;
	if (!ip) return failed(`pod ${name} has no IP address yet`);
	const url = `http://${ip}:${ADMIN_PORT}/config_dump`;
	const r = await cluster.exec(namespace, name, ZTUNNEL_CONTAINER, ['curl', '-s', url], '');
	if (isApiError(r)) return failed(r.message);
	if (r.exitCode !== 0)
		return failed(r.stderr.trim() || `curl exited with code ${r.exitCode} fetching ${url}`);
	return r.stdout;
}
