/**
 * istio-cni's node agent talking to its node's ztunnel (cni/pkg/nodeagent/ztunnelserver.go): when
 * a ztunnel connects, every pod already enrolled on the node (`add`), then `snapshot_sent`; after
 * that an `add` when a pod joins the mesh and a `del` when it leaves or is deleted. The enrolment
 * itself is the CNI controller's annotation (cni-controller.ts); this only tells the ztunnel.
 * Incremental: each pod event costs its own update, and one message per changed node.
 */
import type { WatchEvent } from '../api/api-server.ts';
import { LABEL_INDEX } from '../api/indexer.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { PODS } from '../api/builtin-resources.ts';
import type { Pod } from '../api/objects.ts';
import { AMBIENT_REDIRECTION_ANNOTATION, AMBIENT_REDIRECTION_ENABLED } from '../cni/enrolment.ts';
import { NODE_AGENT_LABELS, nodeAgentOf } from '../cni/node-agents.ts';
import type { ZdsDelivery, ZdsMessage, ZdsWorkloadInfo } from '../cni/zds.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { Controller } from './controller.ts';
import { keyOf, splitKey, WorkQueue } from './informers.ts';
import { podHostId } from './pod-host-spec.ts';

const ZTUNNEL_CONTAINER = 'istio-proxy';

interface Served {
	readonly uid: string;
	readonly node: string;
	readonly info: ZdsWorkloadInfo;
}

/** One node's connection: the ztunnel process it reached, and what it still has to send. */
interface Stream {
	/** Pod uid and restart count of the ztunnel container (a restart is a new connection). */
	readonly ztunnel: string;
	readonly outbox: ZdsMessage[];
}

export interface ZdsFeed extends Controller {
	/** Deliveries in flight, for `settle()`. */
	pending(): Promise<unknown>[];
}

const isServed = (pod: Pod): boolean =>
	pod.metadata.annotations?.[AMBIENT_REDIRECTION_ANNOTATION] === AMBIENT_REDIRECTION_ENABLED &&
	pod.spec.nodeName !== undefined;

/** The running ztunnel process of a ztunnel pod, or undefined while it is not running. */
function ztunnelProcess(pod: Pod): string | undefined {
	const status = pod.status?.containerStatuses?.find((s) => s.name === ZTUNNEL_CONTAINER);
	if (!status?.state?.running) return undefined;
	return `${pod.metadata.uid ?? pod.metadata.name}/${status.restartCount ?? 0}`;
}

export function createZdsFeed(api: ClusterApiServer, runtime: Runtime): ZdsFeed {
	const queue = new WorkQueue();
	/** Pod key → what the ztunnel was told about it. */
	const served = new Map<string, Served>();
	/** Node → pod uid → workload, the enrolled pods a new stream's snapshot lists. */
	const byNode = new Map<string, Map<string, ZdsWorkloadInfo>>();
	const streams = new Map<string, Stream>();
	/** Node → the last delivery to its ztunnel, so messages arrive in order. */
	const chains = new Map<string, Promise<unknown>>();

	const tell = (node: string, m: ZdsMessage) => streams.get(node)?.outbox.push(m);

	function update(key: string): void {
		const { namespace, name } = splitKey(key);
		const pod = api.peekObject(PODS, namespace, name) as Pod | undefined;
		const before = served.get(key);
		const now = pod && isServed(pod) ? pod : undefined;
		if (before && (!now || now.metadata.uid !== before.uid)) {
			served.delete(key);
			byNode.get(before.node)?.delete(before.uid);
			tell(before.node, { type: 'del', uid: before.uid });
		}
		if (!now || served.has(key)) return;
		const entry: Served = {
			uid: now.metadata.uid ?? key,
			node: now.spec.nodeName as string,
			info: {
				name: now.metadata.name,
				namespace: now.metadata.namespace ?? 'default',
				serviceAccount: now.spec.serviceAccountName ?? 'default'
			}
		};
		served.set(key, entry);
		let pods = byNode.get(entry.node);
		if (!pods) byNode.set(entry.node, (pods = new Map()));
		pods.set(entry.uid, entry.info);
		tell(entry.node, { type: 'add', uid: entry.uid, info: entry.info });
	}

	function deliver(node: string, ztunnel: Pod, delivery: ZdsDelivery): void {
		const host = podHostId(ztunnel.metadata.namespace ?? '', ztunnel.metadata.name);
		const sent = (chains.get(node) ?? Promise.resolve())
			.then(() => runtime.control(host, ZTUNNEL_CONTAINER, delivery))
			.catch(() => undefined)
			.then((reply) => {
				// Not listening yet (or gone): connect again, with a snapshot, on the next event.
				if ((reply as { type?: unknown } | undefined)?.type !== 'ok') streams.delete(node);
				if (chains.get(node) === sent) chains.delete(node);
			});
		chains.set(node, sent);
	}

	function connect(): void {
		const live = new Set<string>();
		for (const z of api.byIndex(PODS, LABEL_INDEX, NODE_AGENT_LABELS.ztunnel) as Pod[]) {
			const node = z.spec.nodeName;
			const process = ztunnelProcess(z);
			if (nodeAgentOf(z) !== 'ztunnel' || !node || !process) continue;
			live.add(node);
			const stream = streams.get(node);
			if (stream?.ztunnel === process) {
				if (stream.outbox.length > 0)
					deliver(node, z, { type: 'zds', newStream: false, messages: stream.outbox.splice(0) });
				continue;
			}
			streams.set(node, { ztunnel: process, outbox: [] });
			const snapshot: ZdsMessage[] = [...(byNode.get(node) ?? new Map()).entries()].map(
				([uid, info]) => ({ type: 'add', uid, info })
			);
			snapshot.push({ type: 'snapshot-sent' });
			deliver(node, z, { type: 'zds', newStream: true, messages: snapshot });
		}
		for (const node of [...streams.keys()]) if (!live.has(node)) streams.delete(node);
	}

	return {
		name: 'istio-cni-zds',
		wants: (e: WatchEvent) => {
			if (e.resource.group !== '' || e.resource.kind !== 'Pod') return false;
			queue.add(keyOf(e.object));
			return true;
		},
		sync() {
			for (const key of queue.take()) update(key);
			connect();
		},
		pending: () => [...chains.values()]
	};
}
