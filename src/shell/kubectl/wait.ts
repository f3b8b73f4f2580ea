/**
 * `kubectl wait --for=condition=Ready pod -l app=x --timeout=60s`. Mirrors kubectl
 * pkg/cmd/wait: resources are resolved once, then waited on one after another against one
 * deadline. Time is sim time: the cluster settles and advances until the condition holds.
 */
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import { ms } from '../../mesh/types.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { fail } from './apply.ts';
import { bool, str } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { parseResourceArgs, qualifiedKind, selectResources } from './resource-args.ts';
import { parseVerbFlags, printApiError, type KubectlVerb } from './verb.ts';

const UNITS: Record<string, number> = {
	ns: 1e-6,
	us: 1e-3,
	µs: 1e-3,
	ms: 1,
	s: 1000,
	m: 60_000,
	h: 3_600_000
};

/** Go's time.ParseDuration (`30s`, `1m30s`, `500ms`), in milliseconds; a string is the error. */
export function parseGoDuration(text: string): number | string {
	if (text === '0') return 0;
	const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
	let total = 0;
	let pos = 0;
	const sign = text.startsWith('-') ? -1 : 1;
	if (text.startsWith('-') || text.startsWith('+')) pos = 1;
	if (pos >= text.length) return `time: invalid duration "${text}"`;
	while (pos < text.length) {
		re.lastIndex = pos;
		const m = re.exec(text);
		if (!m) {
			return /^[+-]?\d+(\.\d+)?$/.test(text)
				? `time: missing unit in duration "${text}"`
				: `time: invalid duration "${text}"`;
		}
		total += Number(m[1]) * (UNITS[m[2] as string] ?? 0);
		pos = re.lastIndex;
	}
	return sign * total;
}

/** A parsed `--for`: delete, or a condition with the status it must have. */
export type WaitFor = { type: 'delete' } | { type: 'condition'; name: string; value: string };

export function parseWaitFor(text: string): WaitFor | string {
	if (text.toLowerCase() === 'delete') return { type: 'delete' };
	if (text.startsWith('condition=')) {
		const [name = '', value = 'true'] = text.slice('condition='.length).split('=');
		if (name === '') return `unrecognized condition: "${text}"`;
		return { type: 'condition', name, value };
	}
	return `unrecognized condition: "${text}"`;
}

/** kubectl's ConditionalWait: the condition holds and its observedGeneration is current. */
export function conditionMet(obj: KubeObject, name: string, value: string): boolean {
	const status = (obj['status'] ?? {}) as {
		observedGeneration?: number;
		conditions?: { type: string; status: string; observedGeneration?: number }[];
	};
	const generation = obj.metadata.generation;
	if (
		generation !== undefined &&
		status.observedGeneration !== undefined &&
		status.observedGeneration < generation
	)
		return false;
	const c = status.conditions?.find((x) => x.type.toLowerCase() === name.toLowerCase());
	if (!c) return false;
	if (
		generation !== undefined &&
		c.observedGeneration !== undefined &&
		c.observedGeneration < generation
	)
		return false;
	return c.status.toLowerCase() === value.toLowerCase();
}

/** Sim-time step between checks: short enough that pods are seen the moment they're ready. */
const STEP_MS = 500;

/** The outcome of waiting on one object. */
type Outcome = 'met' | 'timeout' | 'aborted' | { error: string };

/** Polls `check` in sim time until it holds, the deadline passes, or Ctrl-C. */
export async function waitInSimTime(
	ctx: CommandContext,
	deadline: number,
	check: () => boolean | { error: string }
): Promise<Outcome> {
	for (;;) {
		if (ctx.signal.aborted) return 'aborted';
		await ctx.cluster.settle();
		const r = check();
		if (r === true) return 'met';
		if (typeof r === 'object') return r;
		const now = ctx.cluster.now();
		if (now >= deadline) return 'timeout';
		await ctx.cluster.advance(ms(Math.min(STEP_MS, deadline - now)));
	}
}

const FLAGS = [
	{ name: 'for', type: 'string' },
	{ name: 'timeout', type: 'string' },
	{ name: 'selector', short: 'l', type: 'string' },
	{ name: 'all', type: 'bool' },
	{ name: 'all-namespaces', short: 'A', type: 'bool' },
	{ name: 'filename', short: 'f', type: 'stringArray' },
	{ name: 'output', short: 'o', type: 'string' },
	{ name: 'local', type: 'bool' }
] as const;

/** A week: kubectl's stand-in for "forever" with a negative --timeout. */
const FOREVER_MS = 7 * 24 * 3_600_000;

export const waitVerb: KubectlVerb = {
	name: 'wait',
	flags: FLAGS,
	summary: 'Experimental: Wait for a specific condition on one or many resources',
	group: 'Advanced Commands',
	async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
		const flags = parseVerbFlags(io, 'wait', argv, FLAGS);
		if (typeof flags === 'number') return flags;
		const api = ctx.cluster.api;

		// Complete
		const namespace = str(flags, 'namespace') || defaultNamespace(ctx.vfs);
		const forText = str(flags, 'for');
		const selector = str(flags, 'selector');
		const all = bool(flags, 'all');
		const timeout = parseGoDuration(str(flags, 'timeout') ?? '30s');

		// Validate
		if (forText === undefined) return fail(io, '--for must be specified');
		const waitFor = parseWaitFor(forText);
		if (typeof waitFor === 'string') return fail(io, waitFor);
		if (typeof timeout === 'string') return fail(io, timeout);
		if (flags.positional.length === 0)
			return fail(
				io,
				`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`
			);
		const args = parseResourceArgs(api, flags.positional, {
			namespace,
			allNamespaces: bool(flags, 'all-namespaces')
		});
		if (isApiError(args)) return printApiError(io, args);

		// Resolve targets once, as kubectl's builder does; what it lists, after the cluster settled.
		if ((all || selector !== undefined) && args.some((a) => a.names.length === 0))
			await ctx.cluster.settle();
		const targets = selectResources(api, args, { all, selector });
		if (isApiError(targets)) return printApiError(io, targets);
		if (targets.length === 0) return fail(io, 'no matching resources found');

		// Run
		const deadline = ctx.cluster.now() + (timeout < 0 ? FOREVER_MS : timeout);
		for (const t of targets) {
			const outcome = await waitInSimTime(ctx, deadline, () => {
				const live = api.get(t.type, t.namespace, t.name);
				if (waitFor.type === 'delete') return isApiError(live) && live.reason === 'NotFound';
				if (isApiError(live))
					return {
						error:
							live.reason === 'NotFound'
								? `Error from server (NotFound): ${live.message}`
								: live.message
					};
				return conditionMet(live, waitFor.name, waitFor.value);
			});
			if (outcome === 'aborted') return 130;
			if (outcome === 'timeout') {
				const what = waitFor.type === 'delete' ? 'delete' : 'the condition';
				return fail(io, `timed out waiting for ${what} on ${t.type.plural}/${t.name}`);
			}
			if (typeof outcome === 'object') {
				io.stderr(outcome.error + '\n');
				return 1;
			}
			io.stdout(`${qualifiedKind(t.type)}/${t.name} condition met\n`);
		}
		return 0;
	}
};
