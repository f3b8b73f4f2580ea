/**
 * What every pod worker exposes: the hosts from src/mesh it runs (one, or several when packed),
 * created on `init`. Shared by the browser entry (pod.worker.ts) and the Node entry
 * (pod.node-worker.ts); no logic of its own.
 */
import type { NetfilterHook } from '../src/mesh/net/netfilter.ts';
import type { ProgramLookup } from '../src/mesh/runtime/host-runner.ts';
import { LocalDelivery } from '../src/mesh/runtime/local-link.ts';
import { WorkerHosts } from '../src/mesh/runtime/worker-hosts.ts';
import type { WallTimer } from '../src/mesh/runtime/lamport-clock.ts';

export type PodWorkerApi = WorkerHosts;

const wallTimer: WallTimer = (delay, fn) => {
	const t = setTimeout(fn, delay);
	return () => clearTimeout(t);
};

/**
 * `lookup` maps images to programs: the apps registry, or a test program in runtime tests;
 * `cniChain` is the node's CNI plugin chain (istio-cni's in-pod redirection); `crypto` the
 * edge's WebCrypto (Node's entry passes node-crypto.ts's).
 */
export function podWorkerApi(
	lookup: ProgramLookup,
	cniChain: readonly NetfilterHook[] = [],
	crypto: Crypto = globalThis.crypto
): PodWorkerApi {
	// Same-worker deliveries wake on a message tick: a macrotask, unclamped (setTimeout is not).
	const tick = new MessageChannel();
	const delivery = new LocalDelivery(() => tick.port2.postMessage(null));
	tick.port1.onmessage = () => delivery.run();
	return new WorkerHosts({
		programFor: lookup,
		cniChain,
		wallTimer,
		// The edge hands the worker's WebCrypto to the mesh, which never reads a global.
		crypto,
		delivery
	});
}
