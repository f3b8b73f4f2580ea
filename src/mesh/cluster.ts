/**
 * The cluster facade the shell and UI use: the API server, its controllers (scheduler,
 * Deployment/ReplicaSet, Endpoints, kubelet) and the runtime that runs pods as hosts.
 * `createCluster` lives in `cluster/create.ts`.
 */
import type { ApiServer } from './api/api-server.ts';
import type { ApiError } from './api/errors.ts';
import type { ExecAbort, ExecResult } from './runtime/host.ts';
import type { Runtime } from './runtime/runtime.ts';
import type { SimMillis } from './types.ts';

export interface ClusterOptions {
	/** Seeds pod-name hashes and every host's Rng: same seed, same transcript. */
	readonly seed: number;
	/** Worker node names; default `['ambient-worker', 'ambient-worker2']`. */
	readonly nodes?: readonly string[];
	/** kind's cluster name (`kind create cluster --name`): node names; default `ambient`. */
	readonly name?: string;
	/**
	 * The control-plane node's host number on kind's docker network, 172.18.0.N (default 2): a
	 * second kind cluster's nodes take the addresses after the first's.
	 */
	readonly firstNodeHost?: number;
	readonly runtime: Runtime;
	/** WebCrypto for the control plane's own keys (kubeadm's cluster CA), made before any host runs. */
	readonly crypto: Crypto;
	/**
	 * Which start of a cluster with this seed this is (0 the first; the page counts its restarts).
	 * Only trace ids depend on it, so they never repeat across restarts; all else is the seed's.
	 */
	readonly generation?: number;
}

export interface Cluster {
	readonly api: ApiServer;
	readonly runtime: Runtime;
	/** Sim time. */
	now(): SimMillis;
	/** Lets pending work finish: pods scheduled by the last command start (or fail) before this resolves. */
	settle(): Promise<void>;
	/** `sleep N`: sim time passes; timers in hosts fire. */
	advance(delay: SimMillis): Promise<void>;
	/** Runs argv in a pod's container. Errors are kubectl's (`container not found`, pod not running …). */
	exec(
		namespace: string,
		pod: string,
		container: string | undefined,
		argv: readonly string[],
		stdin: string,
		abort?: ExecAbort
	): Promise<ExecResult | ApiError>;
	/** A container's log; `previous`: of its last terminated run, as `kubectl logs -p`. */
	logs(
		namespace: string,
		pod: string,
		container: string | undefined,
		options?: { readonly previous?: boolean }
	): Promise<readonly string[] | ApiError>;
	/**
	 * A fresh 5-character name suffix (apimachinery `rand.String(5)`) for names a client makes
	 * up, such as `kubectl debug`'s `debugger-xxxxx`: seeded, so transcripts repeat.
	 */
	nameSuffix(): string;
	dispose(): Promise<void>;
}
