/**
 * `kubectl debug POD --image=IMAGE [-i] [-t] [-c NAME] [--target C] -- COMMAND…`. Mirrors kubectl
 * pkg/cmd/debug/debug.go: options → Validate (its messages, in its order) → Run, which adds an
 * ephemeral container through the pod's `ephemeralcontainers` subresource and, with `-i`
 * (or `--attach`), waits for it. A command in the simulation ends quickly, so kubectl finds the
 * container terminated and falls back to its logs, as debug.go's handleAttachPod does.
 * `node/NAME` and `--copy-to` are refused with a note: the playground does not run them.
 */
import { apiError, isApiError } from '../../mesh/api/errors.ts';
import { ephemeralContainersOf } from '../../mesh/api/ephemeral-containers.ts';
import type { ContainerStatus, EphemeralContainer, Pod } from '../../mesh/api/objects.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { fail } from './apply.ts';
import { applyProfile, PROFILES } from './debug-profiles.ts';
import { bool, str, strings, type ParsedFlags } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { parseResourceArgs } from './resource-args.ts';
import { parseVerbFlags, printApiError, type KubectlVerb } from './verb.ts';
import { ms } from '../../mesh/types.ts';

const FLAGS = [
	{ name: 'image', type: 'string' },
	{ name: 'container', short: 'c', type: 'string' },
	{ name: 'stdin', short: 'i', type: 'bool' },
	{ name: 'tty', short: 't', type: 'bool' },
	{ name: 'quiet', short: 'q', type: 'bool' },
	{ name: 'attach', type: 'bool' },
	{ name: 'target', type: 'string' },
	{ name: 'profile', type: 'string' },
	{ name: 'image-pull-policy', type: 'string' },
	{ name: 'arguments-only', type: 'bool' },
	{ name: 'copy-to', type: 'string' },
	{ name: 'replace', type: 'bool' },
	{ name: 'same-node', type: 'bool' },
	{ name: 'share-processes', type: 'bool' },
	{ name: 'set-image', type: 'stringArray' },
	{ name: 'filename', short: 'f', type: 'stringArray' }
] as const;

interface DebugOptions {
	readonly namespace: string;
	readonly targets: readonly string[];
	readonly args: readonly string[];
	readonly image: string;
	readonly container: string;
	readonly interactive: boolean;
	readonly tty: boolean;
	readonly quiet: boolean;
	readonly attach: boolean;
	readonly target: string;
	readonly profile: string;
	readonly pullPolicy: string;
	readonly argsOnly: boolean;
}

function complete(flags: ParsedFlags, ctx: CommandContext): DebugOptions {
	const interactive = bool(flags, 'stdin');
	return {
		namespace: str(flags, 'namespace') || defaultNamespace(ctx.vfs),
		targets: flags.positional,
		args: flags.rest ?? [],
		image: str(flags, 'image') ?? '',
		container: str(flags, 'container') ?? '',
		interactive,
		tty: bool(flags, 'tty'),
		quiet: bool(flags, 'quiet'),
		// debug.go Complete: -i attaches unless --attach was given explicitly.
		attach: flags.values.has('attach') ? bool(flags, 'attach') : interactive,
		target: str(flags, 'target') ?? '',
		profile: str(flags, 'profile') ?? 'general',
		pullPolicy: str(flags, 'image-pull-policy') ?? '',
		argsOnly: bool(flags, 'arguments-only')
	};
}

/** distribution/reference's ReferenceRegexp, enough to refuse what docker would. */
const IMAGE_REF =
	/^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

/** debug.go Validate, in its order; undefined when the options are fine. */
function validate(o: DebugOptions, flags: ParsedFlags): string | undefined {
	if (o.attach && flags.values.has('attach') && o.image === '' && o.container === '')
		return 'you must specify --container or create a new container using --image in order to attach.';
	if (!flags.values.has('copy-to')) {
		if (bool(flags, 'replace')) return '--replace may only be used with --copy-to.';
		if (bool(flags, 'same-node')) return '--same-node may only be used with --copy-to.';
		if (strings(flags, 'set-image').length > 0)
			return '--set-image may only be used with --copy-to.';
		if (o.image === '') return 'you must specify --image when not using --copy-to.';
	}
	if (o.image !== '' && !IMAGE_REF.test(o.image))
		return `invalid image name ${JSON.stringify(o.image)}: invalid reference format`;
	if (o.targets.length === 0 && strings(flags, 'filename').length === 0)
		return 'NAME or filename is required for debug';
	if (!['Always', 'IfNotPresent', 'Never', ''].includes(o.pullPolicy))
		return `invalid image pull policy: ${o.pullPolicy}`;
	if (o.target !== '' && flags.values.has('copy-to'))
		return '--target is incompatible with --copy-to. Use --share-processes instead.';
	if (o.tty && !o.interactive) return '-i/--stdin is required for containers with -t/--tty=true';
	return undefined;
}

/** What the playground does not run, said before anything changes. */
function unsupported(o: DebugOptions, flags: ParsedFlags): string | undefined {
	if (flags.values.has('copy-to'))
		return '--copy-to is not supported in the playground: add an ephemeral container instead (kubectl debug POD --image=IMAGE -- COMMAND)';
	if (strings(flags, 'filename').length > 0)
		return '-f is not supported by kubectl debug in the playground: name the pod';
	if (o.attach && o.args.length === 0)
		return 'interactive shells are not simulated in the playground: give the debug container a command after --, e.g. -- curl localhost:15000/config_dump';
	return undefined;
}

const statusOf = (pod: Pod, name: string): ContainerStatus | undefined =>
	pod.status?.ephemeralContainerStatuses?.find((s) => s.name === name);

/** computeDebugContainerName: `--container`, else `debugger-xxxxx` free in the pod. */
function containerName(o: DebugOptions, pod: Pod, ctx: CommandContext, io: CommandIO): string {
	if (o.container !== '') return o.container;
	const taken = new Set([
		...pod.spec.containers.map((c) => c.name),
		...(pod.spec.initContainers ?? []).map((c) => c.name),
		...ephemeralContainersOf(pod).map((c) => c.name)
	]);
	let name = '';
	while (name === '' || taken.has(name)) name = `debugger-${ctx.cluster.nameSuffix()}`;
	if (!o.quiet) io.stdout(`Defaulting debug container name to ${name}.\n`);
	return name;
}

/** How long kubectl waits for the container to start here (kubectl itself waits until Ctrl-C). */
const ATTACH_WAIT_MS = 5 * 60_000;
/** How often the attached stream is read, in sim time (kubectl's own poll is 500 ms too). */
const STREAM_STEP_MS = 500;

/**
 * handleAttachPod: follows the container, printing its output as it comes (a long-running
 * command such as tcpdump streams until it ends or Ctrl-C; kubectl then exits and the process
 * in the container runs on, as without a terminal it is not signalled). A container that never
 * produces output or ends gives up after ATTACH_WAIT_MS, as a pending container would.
 */
async function attach(
	ctx: CommandContext,
	io: CommandIO,
	o: DebugOptions,
	pod: Pod,
	name: string
): Promise<number> {
	const pods = ctx.cluster.api.resolve('pods');
	const ns = pod.metadata.namespace ?? o.namespace;
	let warned = '';
	let printed = 0;
	const deadline = ctx.cluster.now() + ATTACH_WAIT_MS;
	/** Prints log lines not printed yet; false when the pod is gone. */
	const stream = async (): Promise<true | { error: string }> => {
		const lines = await ctx.cluster.logs(ns, pod.metadata.name, name);
		if (isApiError(lines)) return { error: lines.message };
		if (lines.length < printed) printed = 0;
		for (const line of lines.slice(printed)) io.stdout(`${line}\n`);
		printed = lines.length;
		return true;
	};
	for (;;) {
		if (ctx.signal.aborted) return 130;
		await ctx.cluster.settle();
		const got = pods ? ctx.cluster.api.get(pods, ns, pod.metadata.name) : undefined;
		if (!got || isApiError(got))
			return printApiError(io, apiError('NotFound', `pods "${pod.metadata.name}" not found`));
		const s = statusOf(got as Pod, name);
		// Output exists once the container runs (kubelet serves no log while it is created).
		if (s?.state.running || s?.state.terminated) {
			const streamed = await stream();
			if (streamed !== true) return printApiError(io, apiError('NotFound', streamed.error));
		}
		if (s?.state.terminated) return 0;
		const message = s?.state.waiting?.message;
		if (!o.quiet && message && message !== warned) {
			warned = message;
			io.stderr(`Warning: container ${name}: ${message}\n`);
		}
		if (printed === 0 && ctx.cluster.now() >= deadline)
			return fail(io, 'timed out waiting for the condition');
		await ctx.cluster.advance(ms(STREAM_STEP_MS));
	}
}

async function debugPod(
	ctx: CommandContext,
	io: CommandIO,
	o: DebugOptions,
	ref: string
): Promise<number> {
	const api = ctx.cluster.api;
	const parsed = parseResourceArgs(api, ref.includes('/') ? [ref] : ['pods', ref], {
		namespace: o.namespace
	});
	if (isApiError(parsed)) return printApiError(io, parsed);
	const arg = parsed[0];
	const name = arg?.names[0];
	if (!arg || name === undefined) return fail(io, 'NAME or filename is required for debug');
	if (arg.type.kind === 'Node')
		return fail(
			io,
			'debugging a node (kubectl debug node/NAME) is not supported in the playground: nodes have no host filesystem or processes here'
		);
	if (arg.type.kind !== 'Pod') {
		const gv = arg.type.group ? `${arg.type.group}/${arg.type.version}` : `/${arg.type.version}`;
		return fail(io, `"${gv}, Kind=${arg.type.kind}" not supported by debug`);
	}
	const got = api.get(arg.type, arg.namespace, name);
	if (isApiError(got)) return printApiError(io, got);
	const pod = got as Pod;
	const cname = containerName(o, pod, ctx, io);
	const ec: EphemeralContainer = {
		name: cname,
		image: o.image,
		...(o.pullPolicy ? { imagePullPolicy: o.pullPolicy } : {}),
		...(o.args.length > 0 ? { [o.argsOnly ? 'args' : 'command']: [...o.args] } : {}),
		resources: {},
		stdin: o.interactive,
		terminationMessagePolicy: 'File',
		tty: o.tty,
		...(o.target ? { targetContainerName: o.target } : {})
	};
	applyProfile(o.profile, ec);
	const patched = api.patchEphemeralContainers(
		pod.metadata.namespace ?? o.namespace,
		name,
		(list) => list.push(ec)
	);
	if (isApiError(patched)) return printApiError(io, patched);
	if (!o.attach) return 0;
	await ctx.cluster.settle();
	return attach(ctx, io, o, patched as Pod, cname);
}

/** The start of `kubectl debug --help` (debug.go debugLong/debugExample), with the pod forms we run. */
const HELP = `Debug cluster resources using interactive debugging containers.

 'debug' provides automation for common debugging tasks for cluster objects identified by
resource and name. Pods will be used by default if no resource is specified.

 The action taken by 'debug' varies depending on what resource is specified. Supported actions
include:

  *  Workload: Create a copy of an existing pod with certain attributes changed, for example
changing the image tag to a new version.
  *  Workload: Add an ephemeral container to an already running pod, for example to add
debugging utilities without restarting the pod.
  *  Node: Create a new pod that runs in the node's host namespaces and can access the node's
filesystem.

 Note: In the playground only the ephemeral container runs; a copy (--copy-to) and node/NAME
are refused.

Examples:
  # Create an interactive debugging session in pod mypod and immediately attach to it.
  kubectl debug mypod -it --image=curlimages/curl -- curl localhost:15000/config_dump

  # Create a debug container named debugger using a custom automated debugging image.
  kubectl debug --image=myproj/debug-tools -c debugger mypod -- COMMAND

Usage:
  kubectl debug (POD | TYPE[[.VERSION].GROUP]/NAME) [ -- COMMAND [args...] ] [options]
`;

export const debugVerb: KubectlVerb = {
	name: 'debug',
	flags: FLAGS,
	summary: 'Create debugging sessions for troubleshooting workloads and nodes',
	group: 'Troubleshooting and Debugging Commands',
	async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
		const flags = parseVerbFlags(io, 'debug', argv, FLAGS);
		if (typeof flags === 'number') return flags;
		if (bool(flags, 'help')) {
			io.stdout(HELP);
			return 0;
		}
		const o = complete(flags, ctx);
		if (!PROFILES.includes(o.profile)) return fail(io, `unknown profile: ${o.profile}`);
		const invalid = validate(o, flags);
		if (invalid) return fail(io, invalid);
		if (o.target !== '' && !o.quiet)
			io.stdout(
				`Targeting container ${JSON.stringify(o.target)}. If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`
			);
		if (o.profile === 'legacy')
			io.stderr(
				'--profile=legacy is deprecated and planned to be removed in v1.39. It is recommended to specify other profile, for example "--profile=general".\n'
			);
		const refused = unsupported(o, flags);
		if (refused) return fail(io, refused);
		let code = 0;
		for (const ref of o.targets) code = (await debugPod(ctx, io, o, ref)) || code;
		return code;
	}
};
