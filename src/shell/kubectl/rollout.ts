/**
 * `kubectl rollout restart|status`. Mirrors kubectl pkg/cmd/rollout: restart stamps the pod
 * template with `kubectl.kubernetes.io/restartedAt` (polymorphichelpers ObjectRestarter); status
 * watches a Deployment or DaemonSet with the Deployment/DaemonSetStatusViewer's messages, in sim
 * time.
 */
import type { ResourceType } from '../../mesh/api/api-server.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { Deployment, KubeObject } from '../../mesh/api/objects.ts';
import { timestamp } from '../../mesh/api/time.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { fail, formatServerError, parseDryRun } from './apply.ts';
import { bool, int, str, type FlagSpec } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { parseResourceArgs, qualifiedKind, type ResourceArg } from './resource-args.ts';
import { parseVerbFlags, printApiError, type KubectlVerb } from './verb.ts';
import { rolloutHistory, rolloutUndo } from './rollout-history.ts';
import { parseGoDuration, waitInSimTime } from './wait.ts';

const RESTARTABLE = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
/** `rollout status` with no --timeout waits "forever"; in sim time that is ten minutes. */
const STATUS_CAP_MS = 10 * 60_000;

const COMMON = [
	{ name: 'selector', short: 'l', type: 'string' },
	{ name: 'filename', short: 'f', type: 'stringArray' }
] as const;
const OUTPUT = { name: 'output', short: 'o', type: 'string' } as const;

/** Each subcommand's own flags (pkg/cmd/rollout/rollout_*.go): another's is `unknown flag`. */
const SUB_FLAGS: Record<string, readonly FlagSpec[]> = {
	restart: [...COMMON, OUTPUT, { name: 'field-manager', type: 'string' }],
	status: [
		...COMMON,
		{ name: 'timeout', type: 'string' },
		{ name: 'watch', short: 'w', type: 'bool' },
		{ name: 'revision', type: 'int' }
	],
	history: [...COMMON, OUTPUT, { name: 'revision', type: 'int' }],
	undo: [
		...COMMON,
		OUTPUT,
		{ name: 'to-revision', type: 'int' },
		{ name: 'dry-run', type: 'string' }
	]
};
const FLAGS: readonly FlagSpec[] = [
	...new Map(
		Object.values(SUB_FLAGS)
			.flat()
			.map((f) => [f.name, f])
	).values()
];

/** DeploymentStatusViewer.Status: the message, and whether the rollout is done. */
export function deploymentStatus(
	d: Deployment
): { message: string; done: boolean } | { error: string } {
	const name = d.metadata.name;
	const s = d.status ?? {};
	if ((d.metadata.generation ?? 0) > (s.observedGeneration ?? 0))
		return { message: 'Waiting for deployment spec update to be observed...', done: false };
	const progressing = s.conditions?.find((c) => c.type === 'Progressing');
	if (progressing?.reason === 'ProgressDeadlineExceeded')
		return { error: `deployment ${JSON.stringify(name)} exceeded its progress deadline` };
	const want = d.spec.replicas ?? 1;
	const updated = s.updatedReplicas ?? 0;
	const replicas = s.replicas ?? 0;
	const available = s.availableReplicas ?? 0;
	const waiting = `Waiting for deployment ${JSON.stringify(name)} rollout to finish: `;
	if (updated < want)
		return {
			message: `${waiting}${updated} out of ${want} new replicas have been updated...`,
			done: false
		};
	if (replicas > updated)
		return {
			message: `${waiting}${replicas - updated} old replicas are pending termination...`,
			done: false
		};
	if (available < updated)
		return {
			message: `${waiting}${available} of ${updated} updated replicas are available...`,
			done: false
		};
	return { message: `deployment ${JSON.stringify(name)} successfully rolled out`, done: true };
}

/** DaemonSetStatusViewer.Status. */
export function daemonSetStatus(
	d: KubeObject
): { message: string; done: boolean } | { error: string } {
	const name = JSON.stringify(d.metadata.name);
	const spec = (d['spec'] ?? {}) as { updateStrategy?: { type?: string } };
	if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate')
		return { error: 'rollout status is only available for RollingUpdate strategy type' };
	const s = (d['status'] ?? {}) as Record<string, number | undefined>;
	if ((d.metadata.generation ?? 0) > (s['observedGeneration'] ?? 0))
		return { message: 'Waiting for daemon set spec update to be observed...', done: false };
	const desired = s['desiredNumberScheduled'] ?? 0;
	const updated = s['updatedNumberScheduled'] ?? 0;
	const available = s['numberAvailable'] ?? 0;
	const waiting = `Waiting for daemon set ${name} rollout to finish: `;
	if (updated < desired)
		return {
			message: `${waiting}${updated} out of ${desired} new pods have been updated...`,
			done: false
		};
	if (available < desired)
		return {
			message: `${waiting}${available} of ${desired} updated pods are available...`,
			done: false
		};
	return { message: `daemon set ${name} successfully rolled out`, done: true };
}

async function restart(
	targets: { type: ResourceType; namespace: string | undefined; name: string }[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	let code = 0;
	const at = timestamp(ctx.cluster.now());
	for (const t of targets) {
		const ref = `${qualifiedKind(t.type)}/${t.name}`;
		if (!RESTARTABLE.has(t.type.kind)) {
			io.stderr('error: restarting is not supported\n');
			code = 1;
			continue;
		}
		const live = ctx.cluster.api.get(t.type, t.namespace, t.name);
		if (isApiError(live)) {
			io.stderr(formatServerError(live) + '\n');
			code = 1;
			continue;
		}
		const spec = (live['spec'] ?? {}) as {
			paused?: boolean;
			template?: { metadata?: { annotations?: Record<string, string> } };
		};
		if (spec.paused) {
			io.stderr(`error: ${ref} can't restart paused deployment (run rollout resume first)\n`);
			code = 1;
			continue;
		}
		if (spec.template?.metadata?.annotations?.[RESTARTED_AT] === at) {
			io.stderr(
				`error: failed to create patch for ${ref}: if restart has already been triggered within the past second, please wait before attempting to trigger another\n`
			);
			code = 1;
			continue;
		}
		const r = ctx.cluster.api.patch(t.type, t.namespace, t.name, (draft: KubeObject) => {
			const s = (draft['spec'] ?? {}) as Record<string, unknown>;
			const template = (s['template'] ?? {}) as Record<string, unknown>;
			const meta = (template['metadata'] ?? {}) as Record<string, unknown>;
			meta['annotations'] = { ...((meta['annotations'] ?? {}) as object), [RESTARTED_AT]: at };
			template['metadata'] = meta;
			s['template'] = template;
			draft['spec'] = s;
		});
		if (isApiError(r)) {
			io.stderr(formatServerError(r) + '\n');
			code = 1;
			continue;
		}
		io.stdout(`${ref} restarted\n`);
	}
	return code;
}

async function status(
	target: { type: ResourceType; namespace: string | undefined; name: string },
	flags: { timeoutMs: number; watch: boolean },
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	if (target.type.kind !== 'Deployment' && target.type.kind !== 'DaemonSet')
		return fail(io, `no status viewer has been implemented for ${target.type.kind}`);
	let last = '';
	let failure: string | undefined;
	const deadline = ctx.cluster.now() + flags.timeoutMs;
	const outcome = await waitInSimTime(ctx, deadline, () => {
		const live = ctx.cluster.api.get(target.type, target.namespace, target.name);
		if (isApiError(live)) return { error: formatServerError(live) };
		const s =
			target.type.kind === 'DaemonSet'
				? daemonSetStatus(live)
				: deploymentStatus(live as Deployment);
		if ('error' in s) {
			failure = s.error;
			return { error: `error: ${s.error}` };
		}
		if (s.message !== last) io.stdout(s.message + '\n');
		last = s.message;
		return s.done || !flags.watch;
	});
	if (outcome === 'aborted') return 130;
	if (outcome === 'timeout') return fail(io, 'timed out waiting for the condition');
	if (typeof outcome === 'object') {
		io.stderr((failure ? `error: ${failure}` : outcome.error) + '\n');
		return 1;
	}
	return 0;
}

const SUBCOMMANDS = Object.keys(SUB_FLAGS);

/** Global flags that take their value as the next word. */
const GLOBAL_VALUE_FLAGS = new Set([
	'--context',
	'--kubeconfig',
	'-n',
	'--namespace',
	'--cluster',
	'--user',
	'-s',
	'--server',
	'--token',
	'--request-timeout'
]);

/** Where the subcommand is: the first word that is no flag nor a global flag's value; -1: none. */
function subcommandIndex(argv: readonly string[]): number {
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (!arg.startsWith('-')) return i;
		if (GLOBAL_VALUE_FLAGS.has(arg)) i++;
	}
	return -1;
}

export const rolloutVerb: KubectlVerb = {
	name: 'rollout',
	flags: FLAGS,
	summary: 'Manage the rollout of a resource',
	group: 'Deploy Commands',
	async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
		// Global flags may come first (`kubectl --context X rollout status …`): cobra finds the
		// subcommand past them.
		const at = subcommandIndex(argv);
		const sub = at < 0 ? undefined : argv[at];
		const rest = at < 0 ? argv : [...argv.slice(0, at), ...argv.slice(at + 1)];
		if (sub === undefined || !SUBCOMMANDS.includes(sub)) {
			if (sub === undefined || sub.startsWith('-'))
				return fail(io, 'you must specify a subcommand: history, restart, status or undo');
			io.stderr(`error: unknown command "${sub}" for "kubectl rollout"\n`);
			return 1;
		}
		const flags = parseVerbFlags(io, `rollout ${sub}`, rest, SUB_FLAGS[sub] ?? []);
		if (typeof flags === 'number') return flags;
		const api = ctx.cluster.api;
		const namespace = str(flags, 'namespace') || defaultNamespace(ctx.vfs);
		const selector = str(flags, 'selector');
		if (flags.positional.length === 0) return fail(io, 'required resource not specified');
		const args = parseResourceArgs(api, flags.positional, { namespace });
		if (isApiError(args)) return printApiError(io, args);

		const targets: { type: ResourceType; namespace: string | undefined; name: string }[] = [];
		const expand = (arg: ResourceArg): string | undefined => {
			if (arg.names.length > 0) {
				for (const name of arg.names)
					targets.push({ type: arg.type, namespace: arg.namespace, name });
				return undefined;
			}
			// Both subcommands take every object of a bare type (ResourceTypeOrNameArgs(true, …));
			// status then refuses more than one (status.go).
			const listed = api.list(arg.type, {
				...(arg.namespace !== undefined ? { namespace: arg.namespace } : {}),
				...(selector !== undefined ? { labelSelector: selector } : {})
			});
			if (isApiError(listed)) return listed.message;
			for (const o of listed)
				targets.push({ type: arg.type, namespace: o.metadata.namespace, name: o.metadata.name });
			return undefined;
		};
		for (const arg of args) {
			const err = expand(arg);
			if (err !== undefined) return fail(io, err);
		}
		if (targets.length === 0) {
			io.stderr(`No resources found in ${namespace} namespace.\n`);
			return 0;
		}

		if (sub === 'restart') return restart(targets, io, ctx);
		const output = str(flags, 'output');
		if (output !== undefined && !['yaml', 'json', 'name'].includes(output))
			return fail(
				io,
				`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`
			);
		if (sub === 'history') {
			const revision = int(flags, 'revision') ?? 0;
			if (revision < 0) return fail(io, `revision must be a positive integer: ${revision}`);
			return rolloutHistory(targets, { revision, output }, io, ctx);
		}
		if (sub === 'undo') {
			const dryRun = parseDryRun(str(flags, 'dry-run'));
			if (typeof dryRun === 'object') return fail(io, dryRun.error);
			return rolloutUndo(
				targets,
				{ toRevision: int(flags, 'to-revision') ?? 0, dryRun, output },
				io,
				ctx
			);
		}
		if (targets.length > 1)
			return fail(
				io,
				`rollout status is only supported on individual resources and resource collections - ${targets.length} resources were found`
			);
		const timeout = parseGoDuration(str(flags, 'timeout') ?? '0s');
		if (typeof timeout === 'string') return fail(io, timeout);
		const watch = flags.values.has('watch') ? bool(flags, 'watch') : true;
		return status(
			targets[0] as (typeof targets)[number],
			{ timeoutMs: timeout > 0 ? timeout : STATUS_CAP_MS, watch },
			io,
			ctx
		);
	}
};
