/**
 * What a recorded command is for a lesson draft: it changes the cluster (a step of its own, checked
 * on the objects it changed), it sends a request from a pod (a step checked on the traffic), or it
 * only reads (shown in the next step's text). Judged on parsed argv (checks/invocation.ts), so
 * `kubectl -n x label …` and `kubectl label … -n x` are one thing.
 */
import type { Invocation } from '../checks/invocation.ts';

export type CommandKind =
	| { readonly type: 'change' }
	/** `from`/`to` as a `traffic` check names workloads: `curl`, `other/curl`. */
	| { readonly type: 'traffic'; readonly from: string; readonly to: string }
	| { readonly type: 'read' };

/** kubectl verbs that write to the API server (kubectl's own `get`/`describe`/`logs`… only read). */
const KUBECTL_WRITES = new Set([
	'apply',
	'create',
	'delete',
	'label',
	'annotate',
	'patch',
	'scale',
	'edit',
	'replace',
	'set',
	'expose',
	'run',
	'taint',
	'cordon',
	'uncordon',
	'drain',
	'autoscale'
]);

/** istioctl commands that write: install/uninstall, and waypoints (also under `x`). */
function istioctlWrites(path: readonly string[], positional: readonly string[]): boolean {
	const words = path[0] === 'experimental' || path[0] === 'x' ? positional : path;
	const [first, second] = words;
	if (first === 'install' || first === 'uninstall' || first === 'upgrade') return true;
	if (first === 'waypoint') return second === 'apply' || second === 'delete';
	if (first === 'tag') return second === 'set' || second === 'remove';
	return false;
}

function writes(call: Invocation): boolean {
	if (call.program === 'kubectl') {
		const [verb, sub] = call.path;
		if (verb === 'rollout') return sub === 'restart' || sub === 'undo';
		return verb !== undefined && KUBECTL_WRITES.has(verb);
	}
	if (call.program === 'istioctl') return istioctlWrites(call.path, call.positional);
	return false;
}

const CLIENTS = new Set(['curl', 'wget']);

/** Options of curl and wget that take a value: the word after them is not the URL. */
const TAKES_VALUE = new Set([
	'-H',
	'--header',
	'-X',
	'--request',
	'-d',
	'--data',
	'-o',
	'--output',
	'-w',
	'--write-out',
	'-m',
	'--max-time',
	'--connect-timeout',
	'-u',
	'--user',
	'-A',
	'--user-agent',
	'--resolve',
	'-O',
	'-T',
	'--timeout'
]);

/** `productpage`, `productpage.other`, `productpage.other.svc.cluster.local` → a workload ref. */
export function workloadRef(namespace: string, name: string): string {
	return namespace === 'default' ? name : `${namespace}/${name}`;
}

/** The host a curl/wget argv addresses, as a workload ref in `namespace` (the pod's own). */
export function targetOf(argv: readonly string[], namespace: string): string | undefined {
	let url: string | undefined;
	for (let i = 1; i < argv.length; i++) {
		const word = argv[i] as string;
		if (TAKES_VALUE.has(word)) {
			i++;
			continue;
		}
		if (word.startsWith('-')) continue;
		url = word;
		if (word.includes('://')) break;
	}
	if (!url) return undefined;
	const host = /^(?:[a-z]+:\/\/)?([^/:?#]+)/i.exec(url)?.[1];
	if (!host || /^\d+(\.\d+){3}$/.test(host)) return undefined;
	const [name, ns] = host.split('.');
	if (!name) return undefined;
	return workloadRef(ns && ns !== 'svc' ? ns : namespace, name);
}

/** `deploy/curl`, `deployments/curl` → `curl`; a pod name stays as it is. */
function execTarget(call: Invocation): string | undefined {
	const target = call.positional[0];
	if (!target) return undefined;
	const slash = target.indexOf('/');
	return slash < 0 ? target : target.slice(slash + 1);
}

export function classify(calls: readonly Invocation[]): CommandKind {
	if (calls.some(writes)) return { type: 'change' };
	for (const call of calls) {
		if (call.program !== 'kubectl' || call.path[0] !== 'exec') continue;
		if (!CLIENTS.has(call.rest[0] ?? '')) continue;
		const namespace = String(call.flags.get('namespace') ?? 'default');
		const from = execTarget(call);
		const to = targetOf(call.rest, namespace);
		if (from && to) return { type: 'traffic', from: workloadRef(namespace, from), to };
	}
	return { type: 'read' };
}
