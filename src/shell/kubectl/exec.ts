/**
 * `kubectl exec [POD | TYPE/NAME] [-c CONTAINER] -- COMMAND…`. Mirrors kubectl
 * pkg/cmd/exec/exec.go and polymorphichelpers' AttachablePodForObject. `sh -c SCRIPT` runs the
 * script in our shell with every non-builtin executed in the pod, so loops and pipes work.
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import { clientError, formatApiError, isApiError, type ApiError } from '../../mesh/api/errors.ts';
import type { KubeObject, LabelSelector, Pod } from '../../mesh/api/objects.ts';
import { initContainersOf } from '../../mesh/api/pod-containers.ts';
import type { CommandContext, CommandIO, ExternalRunner } from '../command.ts';
import { fail } from './apply.ts';
import { bool, str } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { parseResourceArgs } from './resource-args.ts';
import { parseVerbFlags, printApiError, type KubectlVerb } from './verb.ts';

/** The label selector an object uses to pick its pods, as `k=v,…`; undefined if it has none. */
function selectorOf(obj: KubeObject): string | undefined | ApiError {
	const spec = (obj['spec'] ?? {}) as Record<string, unknown>;
	if (obj.kind === 'Service') {
		const sel = spec['selector'] as Record<string, string> | undefined;
		if (!sel || Object.keys(sel).length === 0)
			return clientError(
				`invalid service '${obj.metadata.name}': Service is defined without a selector`
			);
		return Object.entries(sel)
			.map(([k, v]) => `${k}=${v}`)
			.join(',');
	}
	const sel = spec['selector'] as LabelSelector | undefined;
	if (!sel || typeof sel !== 'object')
		return clientError(
			`cannot attach to *v1.${obj.kind}: selector for *v1.${obj.kind} not implemented`
		);
	const terms = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
	for (const e of sel.matchExpressions ?? []) {
		if (e.operator === 'In' || e.operator === 'NotIn')
			terms.push(`${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`);
		else terms.push(e.operator === 'Exists' ? e.key : `!${e.key}`);
	}
	return terms.join(',');
}

const readySince = (p: Pod): string | undefined =>
	p.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime;
const restarts = (p: Pod): number =>
	(p.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0);
const phaseRank = (p: Pod): number =>
	({ Running: 2, Unknown: 1, Pending: 0 })[p.status?.phase as string] ?? 0;

/**
 * kubectl's `sort.Reverse(podutils.ActivePods)`: assigned, running, ready, ready the longest,
 * fewest restarts, oldest. Terminating pods are skipped: a rollout's old pods are on their way out.
 */
export function pickPod(pods: readonly Pod[]): Pod | undefined {
	const rank = (p: Pod): (number | string)[] => [
		p.spec.nodeName ? 0 : 1,
		-phaseRank(p),
		readySince(p) ? 0 : 1,
		readySince(p) ?? '~',
		restarts(p),
		p.metadata.creationTimestamp ?? '~'
	];
	const live = pods.filter((p) => !p.metadata.deletionTimestamp);
	return [...live].sort((a, b) => {
		const ra = rank(a);
		const rb = rank(b);
		for (let i = 0; i < ra.length; i++) {
			const x = ra[i] as number | string;
			const y = rb[i] as number | string;
			if (x < y) return -1;
			if (x > y) return 1;
		}
		return 0;
	})[0];
}

/**
 * Resolves `POD`, `pod/NAME`, `deploy/NAME`, `svc/NAME` … to the pod kubectl would attach to.
 * With no pod yet, lets the cluster settle once (pods of a fresh deployment start) before failing.
 */
export async function attachablePodFor(
	ctx: CommandContext,
	ref: string,
	namespace: string
): Promise<{ pod: Pod; count: number } | ApiError> {
	const api: ApiServer = ctx.cluster.api;
	const parsed = parseResourceArgs(api, ref.includes('/') ? [ref] : ['pods', ref], { namespace });
	if (isApiError(parsed)) return parsed;
	const arg = parsed[0];
	const name = arg?.names[0];
	if (!arg || name === undefined)
		return clientError('pod, type/name or --filename must be specified');
	const obj = api.get(arg.type, arg.namespace, name);
	if (isApiError(obj)) return obj;
	if (obj.kind === 'Pod') return { pod: obj as Pod, count: 1 };
	const selector = selectorOf(obj);
	if (isApiError(selector)) return selector;
	const pods = api.resolve('pods');
	if (!pods || selector === undefined) return clientError(`no pods found for ${ref}`);
	for (let attempt = 0; attempt < 2; attempt++) {
		const listed = api.list(pods, { namespace, labelSelector: selector });
		if (isApiError(listed)) return listed;
		const pod = pickPod(listed as Pod[]);
		if (pod) return { pod, count: listed.length };
		await ctx.cluster.settle();
	}
	return clientError('timed out waiting for the condition');
}

/**
 * kubectl's default container (podcmd.FindOrDefaultContainerByName): the annotated one, else
 * the first app container, with a notice if there were others (init ones marked `(init)`).
 */
export function defaultContainer(pod: Pod, io: CommandIO, quiet: boolean): string | undefined {
	const names = pod.spec.containers.map((c) => c.name);
	const inits = initContainersOf(pod).map((c) => c.name);
	const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
	if (annotated && (names.includes(annotated) || inits.includes(annotated))) return annotated;
	if ((names.length > 1 || inits.length > 0) && !quiet) {
		const all = [...names, ...inits.map((n) => `${n} (init)`)];
		io.stderr(`Defaulted container "${names[0]}" out of: ${all.join(', ')}\n`);
	}
	return names[0];
}

const NOT_FOUND = /executable file not found/;
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
const isShell = (argv0: string | undefined): boolean =>
	argv0 !== undefined && SHELLS.has(argv0.slice(argv0.lastIndexOf('/') + 1));

/** Runs one argv in the pod, writing its output; returns its exit code or an API error. */
async function execInPod(
	ctx: CommandContext,
	where: { namespace: string; pod: string; container: string | undefined },
	argv: readonly string[],
	io: CommandIO
): Promise<number | ApiError> {
	const r = await ctx.cluster.exec(
		where.namespace,
		where.pod,
		where.container,
		argv,
		io.stdin,
		ctx.signal
	);
	if (isApiError(r)) return r;
	if (r.stdout) io.stdout(r.stdout);
	if (r.stderr) io.stderr(r.stderr);
	return r.exitCode;
}

/** The container's environment as its `env` prints it, so `$HOSTNAME` works in `sh -c`. */
async function containerEnv(
	ctx: CommandContext,
	where: { namespace: string; pod: string; container: string | undefined }
): Promise<Record<string, string>> {
	const r = await ctx.cluster.exec(where.namespace, where.pod, where.container, ['env'], '');
	if (isApiError(r) || r.exitCode !== 0) return {};
	const env: Record<string, string> = {};
	for (const line of r.stdout.split('\n')) {
		const eq = line.indexOf('=');
		if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
	}
	return env;
}

const FLAGS = [
	{ name: 'container', short: 'c', type: 'string' },
	{ name: 'stdin', short: 'i', type: 'bool' },
	{ name: 'tty', short: 't', type: 'bool' },
	{ name: 'quiet', short: 'q', type: 'bool' },
	{ name: 'pod-running-timeout', type: 'string' },
	{ name: 'filename', short: 'f', type: 'stringArray' }
] as const;

const NO_DASH =
	"exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples";

export const execVerb: KubectlVerb = {
	name: 'exec',
	flags: FLAGS,
	summary: 'Execute a command in a container',
	group: 'Troubleshooting and Debugging Commands',
	async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
		const flags = parseVerbFlags(io, 'exec', argv, FLAGS);
		if (typeof flags === 'number') return flags;

		// Complete
		const namespace = str(flags, 'namespace') || defaultNamespace(ctx.vfs);
		const ref = flags.positional[0];
		const command = flags.rest ?? [];
		const quiet = bool(flags, 'quiet');

		// Validate
		if (flags.rest === undefined && flags.positional.length > 1) return fail(io, NO_DASH);
		if (ref === undefined) return fail(io, 'pod, type/name or --filename must be specified');
		if (command.length === 0)
			return fail(io, 'you must specify at least one command for the container');

		// Run
		const found = await attachablePodFor(ctx, ref, namespace);
		if (isApiError(found)) return printApiError(io, found);
		const pod = found.pod;
		const phase = pod.status?.phase;
		if (phase === 'Succeeded' || phase === 'Failed')
			return fail(io, `cannot exec into a container in a completed pod; current phase is ${phase}`);
		const container = str(flags, 'container') || defaultContainer(pod, io, quiet);
		const where = {
			namespace: pod.metadata.namespace ?? namespace,
			pod: pod.metadata.name,
			container
		};

		let code: number | ApiError;
		if (isShell(command[0]) && (command[1] === '-c' || command.length === 1)) {
			const script = command[1] === '-c' ? (command[2] ?? '') : io.stdin;
			if (command.length === 1 && script === '') {
				io.stderr(
					`Interactive shells are not simulated here; run a command instead, e.g. kubectl exec ${ref} -- sh -c "…"\n`
				);
				return 1;
			}
			// The script runs here, but only if the image has that shell (distroless has none,
			// Alpine no bash): the pod's shell answers an empty script, or the runtime refuses it.
			const probe = await execInPod(ctx, where, [command[0] as string, '-c', ''], io);
			if (isApiError(probe)) return printApiError(io, probe);
			const env = await containerEnv(ctx, where);
			const shellName = (command[0] as string).slice((command[0] as string).lastIndexOf('/') + 1);
			// Inside a shell a missing program is the shell's `sh: foo: not found` (127), not the
			// container runtime's exec error.
			const external: ExternalRunner = async (args, sub) => {
				const r = await ctx.cluster.exec(
					where.namespace,
					where.pod,
					where.container,
					args,
					sub.stdin
				);
				const notFound = isApiError(r)
					? NOT_FOUND.test(r.message)
					: r.exitCode === 127 && NOT_FOUND.test(r.stderr);
				if (notFound) {
					sub.stderr(`${shellName}: ${args[0] ?? ''}: not found\n`);
					return 127;
				}
				if (isApiError(r)) {
					sub.stderr(formatApiError(r) + '\n');
					return 126;
				}
				if (r.stdout) sub.stdout(r.stdout);
				if (r.stderr) sub.stderr(r.stderr);
				return r.exitCode;
			};
			const scriptIO: CommandIO = {
				stdin: command[1] === '-c' ? io.stdin : '',
				stdout: io.stdout,
				stderr: io.stderr
			};
			code = await ctx.runScript(script, scriptIO, { external, env });
		} else {
			code = await execInPod(ctx, where, command, io);
		}
		if (isApiError(code)) return printApiError(io, code);
		if (code !== 0) io.stderr(`command terminated with exit code ${code}\n`);
		return code;
	}
};
