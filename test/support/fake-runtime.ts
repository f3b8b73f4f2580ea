/**
 * A Runtime for cluster tests: records every call, reports hosts ready at once (or on demand),
 * fails images it is told are unknown, and keeps a virtual clock. No network, no programs.
 */
import type { CaptureEntry } from '../../src/mesh/net/capture.ts';
import { EMPTY_TABLES, type NetworkTables } from '../../src/mesh/net/tables.ts';
import type { ExecResult, HostSpec, HostStartResult } from '../../src/mesh/runtime/host.ts';
import type { Runtime } from '../../src/mesh/runtime/runtime.ts';
import { ms, type HostId, type SimMillis } from '../../src/mesh/types.ts';

export interface FakeRuntimeOptions {
	/** Images that do not exist: their pods get ErrImagePull. */
	readonly unknownImages?: readonly string[];
	/** Images whose program crashes on start. */
	readonly crashImages?: readonly string[];
	/** Hold every start until `release()` is called (to observe pods before they are ready). */
	readonly manual?: boolean;
	/** Sim time a start takes. */
	readonly startDelay?: number;
}

export interface FakeRuntime extends Runtime {
	readonly started: HostSpec[];
	readonly stopped: HostId[];
	readonly networks: NetworkTables[];
	readonly execs: { id: HostId; container: string; argv: readonly string[] }[];
	/** Hosts started and not stopped. */
	live(): HostSpec[];
	/** Completes held starts (all, or the hosts whose id matches). */
	release(match?: (spec: HostSpec) => boolean): number;
	held(): HostSpec[];
	network(): NetworkTables;
}

export function createFakeRuntime(options: FakeRuntimeOptions = {}): FakeRuntime {
	let clock = 0;
	const live = new Map<HostId, HostSpec>();
	const holds: { spec: HostSpec; resolve: () => void }[] = [];
	const rt: FakeRuntime = {
		kind: 'inprocess',
		started: [],
		stopped: [],
		networks: [],
		execs: [],
		now: () => ms(clock),
		async advance(delay: SimMillis) {
			clock += delay;
		},
		async startHost(spec: HostSpec): Promise<HostStartResult> {
			// The simulated internet's servers (cluster/internet.ts) and kind's add-ons, running
			// since boot (cluster/kind-boot.ts), are not the test's pods: cluster tests count and
			// hold the pod hosts they make only.
			if (spec.kind === 'external') return { type: 'ready', at: ms(clock) };
			if (spec.upSinceBoot) {
				const missing = spec.containers.find((c) => options.unknownImages?.includes(c.image));
				return missing
					? { type: 'image-pull-error', container: missing.name, image: missing.image }
					: { type: 'ready', at: ms(clock) };
			}
			const sharesAddress = (h: HostSpec): boolean => !spec.hostNetwork && h.ip === spec.ip;
			if (live.has(spec.id) || [...live.values()].some(sharesAddress))
				return {
					type: 'crash',
					container: spec.containers[0]?.name ?? '',
					message: 'address in use'
				};
			rt.started.push(spec);
			live.set(spec.id, spec);
			if (options.manual) await new Promise<void>((resolve) => holds.push({ spec, resolve }));
			clock += options.startDelay ?? 0;
			const unknown = spec.containers.find((c) => options.unknownImages?.includes(c.image));
			if (unknown)
				return { type: 'image-pull-error', container: unknown.name, image: unknown.image };
			const crash = spec.containers.find((c) => options.crashImages?.includes(c.image));
			if (crash) return { type: 'crash', container: crash.name, message: 'exit 1' };
			return { type: 'ready', at: ms(clock) };
		},
		async stopHost(id: HostId) {
			rt.stopped.push(id);
			live.delete(id);
		},
		setNetwork(tables: NetworkTables) {
			rt.networks.push(tables);
		},
		async exec(id, container, argv): Promise<ExecResult> {
			rt.execs.push({ id, container, argv });
			return {
				stdout: `${argv.join(' ')} @ ${id}/${container}\n`,
				stderr: '',
				exitCode: 0,
				finishedAt: ms(clock)
			};
		},
		async runEphemeral(id, container) {
			// The fake runs nothing: it records the call as an exec and ends at once.
			rt.execs.push({ id, container: container.name, argv: container.argv });
			return { type: 'terminated', exitCode: 0, startedAt: ms(clock), finishedAt: ms(clock) };
		},
		async logs(id, container) {
			return [`log of ${id}/${container}`];
		},
		async control() {
			return undefined;
		},
		async settle() {},
		async capture(): Promise<{ entries: CaptureEntry[]; next: number }> {
			return { entries: [], next: 0 };
		},
		async traffic() {
			return { events: [], next: 0 };
		},
		async dispose() {
			live.clear();
		},
		live: () => [...live.values()],
		release(match = () => true) {
			const chosen = holds.filter((h) => match(h.spec));
			for (const h of chosen) {
				holds.splice(holds.indexOf(h), 1);
				h.resolve();
			}
			return chosen.length;
		},
		held: () => holds.map((h) => h.spec),
		network: () => rt.networks[rt.networks.length - 1] ?? EMPTY_TABLES
	};
	return rt;
}
