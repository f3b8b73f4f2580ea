/**
 * `kubectl set image (-f FILE | TYPE NAME) CONTAINER=IMAGE …`: mirrors kubectl
 * pkg/cmd/set/set_image.go — each named container (init containers too, `*` for all) of a
 * workload's pod template gets the image, sent as a strategic merge patch; `TYPE/NAME image
 * updated`, nothing when nothing changed. `set env` is set-env.ts; the other `set` subcommands are
 * refused with a note.
 */
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { fail, formatServerError, parseDryRun } from './apply.ts';
import { bool, str } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { notAPodTemplate, podSpecOf } from './pod-template.ts';
import { qualifiedKind } from './resource-args.ts';
import { runSetEnv } from './set-env.ts';
import { parseVerbFlags, type KubectlVerb } from './verb.ts';
import {
	checkSetOutput,
	printSetResult,
	reportSetErrors,
	resolveSetTargets
} from './set-result.ts';

const FLAGS = [
	{ name: 'all', type: 'bool' },
	{ name: 'local', type: 'bool' },
	{ name: 'dry-run', type: 'string' },
	{ name: 'field-manager', type: 'string' },
	{ name: 'selector', short: 'l', type: 'string' },
	{ name: 'filename', short: 'f', type: 'stringArray' },
	{ name: 'output', short: 'o', type: 'string' },
	{ name: 'recursive', short: 'R', type: 'bool' }
] as const;

const OTHER_SUBCOMMANDS = ['resources', 'selector', 'serviceaccount', 'sa', 'subject'];

/** cmdutil.GetResourcesAndPairs: resources first, then `name=image` pairs. */
function splitPairs(args: readonly string[]): { resources: string[]; pairs: string[] } | string {
	const resources: string[] = [];
	const pairs: string[] = [];
	for (const s of args) {
		if (s.includes('=')) pairs.push(s);
		else if (pairs.length > 0) return `all resources must be specified before image changes: ${s}`;
		else resources.push(s);
	}
	return { resources, pairs };
}

/** setImage: true if a container of that name (or `*`) was there. */
function setImage(
	containers: { name: string; image?: string }[] | undefined,
	name: string,
	image: string
): boolean {
	let found = false;
	for (const c of containers ?? [])
		if (c.name === name || name === '*') {
			found = true;
			c.image = image;
		}
	return found;
}

async function runSetImage(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parseVerbFlags(io, 'set image', argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const api = ctx.cluster.api;
	const namespace = str(flags, 'namespace') || defaultNamespace(ctx.vfs);
	const split = splitPairs(flags.positional);
	if (typeof split === 'string') return fail(io, split);
	const images = new Map<string, string>();
	for (const p of split.pairs) {
		const at = p.indexOf('=');
		if (at <= 0 || at === p.length - 1) return fail(io, `invalid image update: ${p}`);
		images.set(p.slice(0, at), p.slice(at + 1));
	}
	const dryRun = parseDryRun(str(flags, 'dry-run'));
	const output = str(flags, 'output');
	const selector = str(flags, 'selector');
	const all = bool(flags, 'all');

	// Validate (an aggregate of every problem, as Validate returns).
	const problems: string[] = [];
	if (all && selector !== undefined)
		problems.push('cannot set --all and --selector at the same time');
	if (split.resources.length === 0)
		problems.push(
			'one or more resources must be specified as <resource> <name> or <resource>/<name>'
		);
	if (images.size === 0) problems.push('at least one image update is required');
	if (images.has('*') && images.size > 1)
		problems.push(
			'all containers are already specified by *, but saw more than one container_name=container_image pairs'
		);
	if (typeof dryRun === 'object') return fail(io, dryRun.error);
	if (bool(flags, 'local') && dryRun === 'server')
		problems.push('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
	if (problems.length > 0)
		return fail(io, problems.length === 1 ? (problems[0] as string) : `[${problems.join(', ')}]`);
	if (bool(flags, 'local'))
		return fail(
			io,
			'kubectl set image --local is not simulated in Mesh Playground: it needs -f FILE, which set does not read here'
		);
	const badOutput = checkSetOutput(io, output);
	if (badOutput !== undefined) return badOutput;

	const targets = resolveSetTargets(io, api, split.resources, { namespace, all, selector });
	if (typeof targets === 'number') return targets;

	const errors: string[] = [];
	for (const { type, obj } of targets) {
		const ref = `${qualifiedKind(type)}/${obj.metadata.name}`;
		const copy = structuredClone(obj);
		const spec = podSpecOf(copy);
		if (!spec) {
			errors.push(notAPodTemplate(type.plural, obj));
			continue;
		}
		for (const [name, image] of images) {
			const init = setImage(
				spec.initContainers as { name: string; image?: string }[] | undefined,
				name,
				image
			);
			const main = setImage(spec.containers, name, image);
			if (!init && !main) errors.push(`error: unable to find container named "${name}"`);
		}
		if (JSON.stringify(copy) === JSON.stringify(obj)) continue;
		let shown: KubeObject = copy;
		if (dryRun === 'none') {
			const r = api.patch(type, obj.metadata.namespace, obj.metadata.name, (draft) => {
				const target = podSpecOf(draft);
				if (!target) return;
				for (const [name, image] of images) {
					setImage(
						target.initContainers as { name: string; image?: string }[] | undefined,
						name,
						image
					);
					setImage(target.containers, name, image);
				}
			});
			if (isApiError(r)) {
				errors.push(`failed to patch image update to pod template: ${formatServerError(r)}`);
				continue;
			}
			shown = r;
		}
		printSetResult(io, shown, ref, output, dryRun, 'image');
	}
	return reportSetErrors(io, errors);
}

export const setVerb: KubectlVerb = {
	name: 'set',
	flags: FLAGS,
	summary: 'Set specific features on objects',
	group: 'Basic Commands (Beginner)',
	async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
		// The subcommand: the first word that is neither a flag nor a global flag's value.
		let at = -1;
		for (let i = 0; i < argv.length && at < 0; i++) {
			const a = argv[i] as string;
			if (!a.startsWith('-')) at = i;
			else if (/^(-n|--namespace|--context|--kubeconfig)$/.test(a)) i++;
		}
		const sub = at >= 0 ? argv[at] : undefined;
		const rest = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 1)] : argv;
		if (sub === 'image') return runSetImage(rest, io, ctx);
		if (sub === 'env') return runSetEnv(rest, io, ctx);
		if (sub !== undefined && OTHER_SUBCOMMANDS.includes(sub))
			return fail(
				io,
				`kubectl set ${sub} is not simulated in Mesh Playground: edit the object with kubectl patch or apply`
			);
		if (sub === undefined) {
			io.stdout(
				'Configure application resources.\n\n These commands help you make changes to existing application resources.\n\nAvailable Commands:\n  env              Update environment variables on a pod template\n  image            Update the image of a pod template\n\nUsage:\n  kubectl set SUBCOMMAND [options]\n'
			);
			return 1;
		}
		io.stderr(`error: unknown command "${sub}" for "kubectl set"\n`);
		return 1;
	}
};
