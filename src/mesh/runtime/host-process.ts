/**
 * A pod's processes: the context each container's program gets, and how a process dies. One
 * process death takes the whole host's programs down: pods here run one program each in
 * practice, and kubelet restarts the host as a whole (host-runner.ts composes this).
 */
import type { Cancel, Clock } from '../clock.ts';
import { createResolver } from '../net/dns.ts';
import type { HostStack } from '../net/stack.ts';
import type { Rng } from '../random.ts';
import type { SimMillis } from '../types.ts';
import type { ContainerLogs } from './container-logs.ts';
import type { ContainerExit, HostContext, HostSpec } from './host.ts';
import type { HostRunnerDeps } from './host-runner.ts';

/** What a process prints as an uncaught error kills it. */
export function uncaught(e: unknown): string {
	return e instanceof Error ? `Uncaught ${e.name}: ${e.message}` : `Uncaught ${String(e)}`;
}

/** A process's timers: none run once it died; a throw out of one kills it (`crash`). */
function processClock(clock: Clock, alive: () => boolean, crash: (e: unknown) => void): Clock {
	const after = (delay: SimMillis, fn: () => void): Cancel =>
		clock.after(delay, () => {
			if (!alive()) return;
			try {
				fn();
			} catch (e) {
				crash(e);
			}
		});
	return {
		now: () => clock.now(),
		after,
		// Modelled work, through the clock's own `sleep`: on workers it takes no wall time (a timer
		// would wait for real), and it never returns to a process that died meanwhile.
		sleep: (delay) =>
			new Promise<void>((resolve) => {
				void clock.sleep(delay).then(() => {
					if (alive()) resolve();
				});
			})
	};
}

export class PodProcesses {
	/** The pod-wide context (`exec` runs in it). */
	readonly ctx: HostContext;
	/** Each container's view: its own clock, so a dead process's timers are its own. */
	readonly contexts: ReadonlyMap<string, HostContext>;
	/** Set once a container's process ended: the pod's programs run no more. */
	#exit: ContainerExit | undefined;
	#stopped = false;
	#ready = false;
	#exitDuringStart: ((e: ContainerExit) => void) | undefined;
	#files: Readonly<Record<string, string>>;

	constructor(
		spec: HostSpec,
		private readonly deps: HostRunnerDeps,
		rng: Rng,
		private readonly stack: HostStack,
		logs: ContainerLogs
	) {
		this.#files = spec.files ?? {};
		this.ctx = {
			spec,
			clock: deps.clock,
			rng,
			net: stack.net,
			dns: createResolver(spec.namespace, deps.tables, {
				clusterDns: spec.clusterDns === true,
				dnsProxy: () => stack.dnsProxy()
			}),
			crypto: deps.crypto,
			work: (promise) => (deps.work ? deps.work(promise) : promise),
			readFile: (path) => this.#files[path],
			log: (container, line) => logs.append(container, line),
			report: (event) => deps.report?.(event),
			...(deps.capture ? { capture: deps.capture } : {}),
			...(deps.localForward ? { localForward: deps.localForward } : {}),
			exit: (container, exitCode) => this.die(container, exitCode, '')
		};
		this.contexts = new Map(
			[...(spec.initContainers ?? []), ...spec.containers].map((c) => [
				c.name,
				{
					...this.ctx,
					clock: processClock(
						deps.clock,
						() => this.running,
						(e) => this.die(c.name, 1, uncaught(e))
					)
				}
			])
		);
	}

	get exit(): ContainerExit | undefined {
		return this.#exit;
	}

	get stopped(): boolean {
		return this.#stopped;
	}

	/** Neither exited nor stopped: the programs may still run. */
	get running(): boolean {
		return !this.#exit && !this.#stopped;
	}

	/** A container's process ends: listeners close, connections reset, kubelet hears of it. */
	die(container: string, exitCode: number, message: string): void {
		if (this.#exit || this.#stopped) return;
		const exit = { container, exitCode, message, at: this.deps.clock.now() };
		this.#exit = exit;
		if (message) this.ctx.log(container, message);
		this.stack.closeListeners();
		this.stack.resetAll();
		if (this.#ready) this.deps.onExit?.(exit);
		else this.#exitDuringStart?.(exit);
	}

	/** Resolves with an exit that happens before `ready()` (a process that exits as it starts). */
	exitedDuringStart(): Promise<ContainerExit> {
		return new Promise((resolve) => (this.#exitDuringStart = resolve));
	}

	ready(): void {
		this.#ready = true;
	}

	/** kubelet's refresh of the projected volume files. */
	setFiles(files: Readonly<Record<string, string>>): void {
		this.#files = files;
	}

	/** Returns false when it was already stopped. */
	stop(): boolean {
		if (this.#stopped) return false;
		this.#stopped = true;
		return true;
	}
}
