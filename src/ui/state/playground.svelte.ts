/**
 * The page's lifecycle: booting, then a cluster and a shell, or a failure to show. The boot module
 * (mesh, runtime, shell) is loaded with a dynamic import so the terminal is on screen, taking
 * keystrokes, before that code has even downloaded.
 */
import type { Cluster } from '../../mesh/cluster.ts';
import type { RuntimeKind } from '../../mesh/runtime/runtime.ts';
import type { PortForwardRegistry } from '../../shell/port-forward-registry.ts';
import type { Pty } from '../../shell/pty-types.ts';

/** What a command run outside the terminal printed (stdout and stderr interleaved). */
export interface CommandRun {
	readonly output: string;
	readonly exitCode: number;
}

export interface Booted {
	readonly cluster: Cluster;
	/** With two clusters (`?clusters=2`): each by its kubeconfig context, in creation order. */
	readonly clusters?: ReadonlyMap<string, Cluster>;
	readonly pty: Pty;
	readonly runtimeKind: RuntimeKind;
	/** Runs a command line in the terminal's shell, off screen (the editor's Apply, Open). */
	run(source: string, stdin?: string): Promise<CommandRun>;
	/** Where the browser tab finds `kubectl port-forward`'s local ports. */
	readonly portForwards: PortForwardRegistry;
	/** Background jobs get SIGHUP, as when a terminal closes (the old shell's, on restart). */
	hangup?(): void;
}

export type BootFn = () => Promise<Booted>;

export type BootState =
	| { readonly phase: 'booting' }
	| ({ readonly phase: 'ready' } & Booted)
	| { readonly phase: 'failed'; readonly message: string };

export class Playground {
	#state = $state.raw<BootState>({ phase: 'booting' });
	#startedAt = 0;
	/** Wall milliseconds from `start` to a ready cluster, for the page-load benchmark. */
	bootMillis = $state<number | undefined>(undefined);

	get state(): BootState {
		return this.#state;
	}

	get pty(): Pty | undefined {
		return this.#state.phase === 'ready' ? this.#state.pty : undefined;
	}

	/** Every cluster by kubeconfig context; absent with one cluster. */
	get clusters(): ReadonlyMap<string, Cluster> | undefined {
		return this.#state.phase === 'ready' ? this.#state.clusters : undefined;
	}

	get cluster(): Cluster | undefined {
		return this.#state.phase === 'ready' ? this.#state.cluster : undefined;
	}

	/** Runs a command off screen; before boot it fails like a shell with no cluster would. */
	async run(source: string, stdin = ''): Promise<CommandRun> {
		if (this.#state.phase !== 'ready')
			return {
				output: 'The connection to the server was refused: the cluster is not running\n',
				exitCode: 1
			};
		return this.#state.run(source, stdin);
	}

	get portForwards(): PortForwardRegistry | undefined {
		return this.#state.phase === 'ready' ? this.#state.portForwards : undefined;
	}

	/** 'workers' or 'in-process', as the header shows it. */
	get runtimeLabel(): string {
		if (this.#state.phase !== 'ready')
			return this.#state.phase === 'failed' ? 'stopped' : 'starting…';
		return this.#state.runtimeKind === 'workers' ? 'workers' : 'in-process';
	}

	async start(boot: BootFn): Promise<void> {
		this.#startedAt = performance.now();
		try {
			const booted = await boot();
			this.bootMillis = performance.now() - this.#startedAt;
			this.#state = { phase: 'ready', ...booted };
		} catch (err) {
			const message = err instanceof Error ? err.message : String(err);
			console.warn('Mesh Playground failed to start:', err);
			this.#state = { phase: 'failed', message };
		}
	}

	#restarting: Promise<void> = Promise.resolve();

	/**
	 * A fresh cluster: the old one stops, then `boot` runs. Restarts asked for while one is under
	 * way wait their turn, so a restart never stops a cluster that is still booting.
	 */
	restart(boot: BootFn): Promise<void> {
		const next = this.#restarting.then(async () => {
			await this.dispose();
			await this.start(boot);
		});
		this.#restarting = next.catch(() => undefined);
		return next;
	}

	async dispose(): Promise<void> {
		const cluster = this.cluster;
		if (this.#state.phase === 'ready') this.#state.hangup?.();
		this.#state = { phase: 'failed', message: 'stopped' };
		await cluster?.dispose();
	}
}
