/**
 * `curl` in the terminal: on a real kind setup the docs' curl commands run on the learner's
 * machine, the docker host, so this runs the same curl program as pods do (mesh/apps/curl.ts)
 * on that host (mesh/cluster/docker-host.ts, Arch Linux's curl 8.17.0). It reaches what the
 * host reaches: the nodes' addresses (NodePorts) and the simulated internet; pod and Service
 * addresses time out as they do there. The files its options name (`--cacert`, `--cert`,
 * `--key`) are handed to the host from the shell's file system before it runs.
 * `localhost` ports that `kubectl port-forward` opens (in a background job, `&`) are reached
 * as on the learner's machine: the host's loopback hands them to the port-forward registry.
 * Simplified: `-o FILE` discards what it would write.
 */
import {
	DOCKER_HOST_CONTAINER,
	DOCKER_HOST_ID,
	ensureDockerHost
} from '../../mesh/cluster/docker-host.ts';
import type { ExecAbort } from '../../mesh/runtime/host.ts';
import type { LoopbackListeners } from '../../mesh/apps/docker-host.ts';
import type { Command, CommandContext, CommandIO } from '../command.ts';
import { portForwardsOf } from '../port-forward-registry.ts';

/** Options whose value is a file curl reads. */
const FILE_OPTIONS = new Set(['--cacert', '--cert', '--key', '-E']);

/** The local files `argv` names, by the path as written (what curl will open). */
export function filesNamed(argv: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] ?? '';
		if (FILE_OPTIONS.has(a)) {
			const v = argv[i + 1];
			if (v !== undefined) out.push(v);
			i++;
		} else if (a.startsWith('-E') && a.length > 2 && !a.startsWith('--')) out.push(a.slice(2));
	}
	return out;
}

/** A seed for the host's Rng: the same in every run, whatever cluster seed (one host per cluster). */
const HOST_SEED = 0x6d6f636b;

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const runtime = ctx.cluster.runtime;
	const forwards = portForwardsOf(ctx.cluster);
	const started = ensureDockerHost(runtime, HOST_SEED, {
		localForward: (port, request) => forwards.connect(port, request)
	});
	if (!(await started)) {
		io.stderr('bash: curl: command not found\n');
		return 127;
	}
	const files: Record<string, string> = {};
	for (const path of filesNamed(argv)) {
		const text = ctx.vfs.read(ctx.vfs.resolve(path));
		if (text !== undefined) files[path] = text;
	}
	await runtime.control(DOCKER_HOST_ID, DOCKER_HOST_CONTAINER, {
		type: 'kubelet-volume-update',
		files
	});
	const listeners: LoopbackListeners = {
		type: 'loopback-listeners',
		ports: forwards.list().map((f) => f.localPort)
	};
	await runtime.control(DOCKER_HOST_ID, DOCKER_HOST_CONTAINER, listeners);
	const abort: ExecAbort = ctx.signal;
	const result = await runtime.exec(
		DOCKER_HOST_ID,
		DOCKER_HOST_CONTAINER,
		['curl', ...argv],
		io.stdin,
		abort
	);
	if (result.stdout) io.stdout(result.stdout);
	if (result.stderr) io.stderr(result.stderr);
	if (ctx.signal.aborted) return 130;
	return result.exitCode;
}

export const curlCommand: Command = {
	name: 'curl',
	summary: 'transfer a URL from this machine (curl 8.17.0, Arch Linux)',
	run
};
