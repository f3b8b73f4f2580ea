/**
 * ztunnel's in-pod workload manager (src/inpod/workloadmanager.rs, statemanager.rs): reads
 * istio-cni's messages (cni/zds.ts) and starts or stops the proxy for each enrolled pod,
 * logging as ztunnel does. In the playground a pod's traffic already reaches its node's
 * ztunnel through the redirection tables (cni/inpod-redirection.ts), so the proxies kept here
 * are ztunnel's record of the pods it serves: its log, and what `ss` shows inside a pod.
 */
import type { ZdsDelivery, ZdsWorkloadInfo } from '../cni/zds.ts';
import { HBONE_PORT_NUMBER, INBOUND_PLAINTEXT_PORT, OUTBOUND_PORT } from './ports.ts';

/** A log line: target (without `ztunnel::`), message, `k=v` fields. */
export type InpodLog = (target: string, message: string, fields?: string) => void;

/** The listeners `Proxy::from_inputs` binds inside the pod's network namespace, in order. */
const POD_LISTENERS: readonly (readonly [number, string, string])[] = [
	[HBONE_PORT_NUMBER, 'proxy::inbound', 'inbound'],
	[INBOUND_PLAINTEXT_PORT, 'proxy::inbound_passthrough', 'inbound plaintext'],
	[OUTBOUND_PORT, 'proxy::outbound', 'outbound']
];

export class WorkloadProxyManager {
	readonly #log: InpodLog;
	/** Pod uid → the workload its proxy serves. */
	readonly #proxies = new Map<string, ZdsWorkloadInfo>();
	/** Uids added since the stream began, before `snapshot_sent` (statemanager's snapshot_names). */
	readonly #snapshot = new Set<string>();
	#snapshotReceived = false;
	/** Called when the first snapshot is in: the 'workload proxy manager' readiness task. */
	readonly #onSnapshot: () => void;

	constructor(log: InpodLog, onSnapshot: () => void) {
		this.#log = log;
		this.#onSnapshot = onSnapshot;
	}

	/** The pods served now (uid → workload). */
	get proxies(): ReadonlyMap<string, ZdsWorkloadInfo> {
		return this.#proxies;
	}

	handle(delivery: ZdsDelivery): void {
		if (delivery.newStream) {
			this.#log('inpod::workloadmanager', 'handling new stream');
			this.#snapshot.clear();
			this.#snapshotReceived = false;
		}
		for (const m of delivery.messages) {
			if (m.type === 'add') this.#add(m.uid, m.info);
			else if (m.type === 'del') this.#del(m.uid);
			else this.#snapshotSent();
		}
	}

	#add(uid: string, info: ZdsWorkloadInfo): void {
		this.#log(
			'inpod::statemanager',
			'pod received, starting proxy',
			`uid="${uid}" name="${info.name}" namespace="${info.namespace}"`
		);
		if (!this.#snapshotReceived) this.#snapshot.add(uid);
		// Idempotent: a proxy already running for this pod's netns is kept as it is.
		if (this.#proxies.has(uid)) return;
		this.#proxies.set(uid, info);
		for (const [port, target, component] of POD_LISTENERS) {
			this.#log(
				target,
				'listener established',
				`address=[::]:${port} component="${component}" transparent=true`
			);
		}
	}

	#del(uid: string): void {
		this.#log('inpod::statemanager', 'pod delete request, shutting down proxy', `uid="${uid}"`);
		if (!this.#snapshotReceived) this.#snapshot.delete(uid);
		this.#proxies.delete(uid);
	}

	#snapshotSent(): void {
		this.#log('inpod::statemanager', 'received snapshot sent');
		if (this.#snapshotReceived) return;
		// reconcile(): pods not in the snapshot left while the stream was down.
		for (const uid of [...this.#proxies.keys()]) {
			if (!this.#snapshot.has(uid)) this.#proxies.delete(uid);
		}
		this.#snapshot.clear();
		this.#snapshotReceived = true;
		this.#onSnapshot();
	}
}
