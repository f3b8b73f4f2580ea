/**
 * The local ports `kubectl port-forward` listens on, per cluster: what the playground's browser
 * tab reads to reach `http://localhost:8080`. Kept apart from the command so the page can import
 * it without the shell; it holds no cluster state of its own, only who forwards where.
 */
import type { Cluster } from '../mesh/cluster.ts';
import type { ForwardResult } from '../mesh/runtime/port-forward.ts';
import type { HostId } from '../mesh/types.ts';

/** One listening local port and the pod port it forwards to. */
export interface PortForward {
	readonly localPort: number;
	readonly namespace: string;
	readonly pod: string;
	readonly host: HostId;
	readonly podPort: number;
	/** The page to open on it (`/kiali` for `istioctl dashboard kiali`); `/` when absent. */
	readonly path?: string;
	/**
	 * Told of every connection as it starts (kubectl prints `Handling connection for 8080`);
	 * the returned function is told how it ended (kubelet's error when nothing listened).
	 */
	readonly onConnection: () => (result: ForwardResult) => void;
}

export type ForwardOutcome = ForwardResult | { readonly type: 'no-forward' };

export interface PortForwardRegistry {
	/** Local ports being forwarded, ascending. */
	list(): readonly PortForward[];
	get(localPort: number): PortForward | undefined;
	/** False when the port is taken (kubectl: `bind: address already in use`). */
	add(forward: PortForward): boolean;
	remove(forward: PortForward): void;
	/** A connection to `localhost:port`, as a browser makes it: request bytes in, reply out. */
	connect(localPort: number, request: Uint8Array): Promise<ForwardOutcome>;
	/** Called whenever the set of forwarded ports changes; returns the unsubscribe. */
	subscribe(listener: () => void): () => void;
}

const registries = new WeakMap<Cluster, PortForwardRegistry>();

/** The registry of `cluster`, created on first use. */
export function portForwardsOf(cluster: Cluster): PortForwardRegistry {
	let registry = registries.get(cluster);
	if (!registry) {
		registry = createRegistry(cluster);
		registries.set(cluster, registry);
	}
	return registry;
}

function createRegistry(cluster: Cluster): PortForwardRegistry {
	const byPort = new Map<number, PortForward>();
	const listeners = new Set<() => void>();
	const changed = (): void => {
		for (const l of listeners) l();
	};
	return {
		list: () => [...byPort.values()].sort((a, b) => a.localPort - b.localPort),
		get: (port) => byPort.get(port),
		add(forward) {
			if (byPort.has(forward.localPort)) return false;
			byPort.set(forward.localPort, forward);
			changed();
			return true;
		},
		remove(forward) {
			if (byPort.get(forward.localPort) !== forward) return;
			byPort.delete(forward.localPort);
			changed();
		},
		async connect(localPort, request) {
			const forward = byPort.get(localPort);
			if (!forward) return { type: 'no-forward' };
			const done = forward.onConnection();
			const result: ForwardResult = cluster.runtime.portForward
				? await cluster.runtime.portForward(forward.host, forward.podPort, request)
				: { type: 'refused' };
			done(result);
			return result;
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => void listeners.delete(listener);
		}
	};
}
