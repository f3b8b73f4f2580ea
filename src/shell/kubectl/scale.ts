/**
 * `kubectl scale deploy/NAME --replicas=N`. Mirrors kubectl pkg/cmd/scale/scale.go: sets
 * `spec.replicas` of each workload (optionally only if `--current-replicas` matches).
 */
import { int32Error } from '../../mesh/api/decode.ts';
import { apiError, isApiError } from '../../mesh/api/errors.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { fail, formatServerError } from './apply.ts';
import { bool, int, str } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { parseResourceArgs, qualifiedKind, selectResources } from './resource-args.ts';
import { parseVerbFlags, printApiError, type KubectlVerb } from './verb.ts';

/** Kinds with a scale subresource. */
const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

const FLAGS = [
	{ name: 'replicas', type: 'int' },
	{ name: 'current-replicas', type: 'int' },
	{ name: 'resource-version', type: 'string' },
	{ name: 'selector', short: 'l', type: 'string' },
	{ name: 'all', type: 'bool' },
	{ name: 'filename', short: 'f', type: 'stringArray' },
	{ name: 'output', short: 'o', type: 'string' },
	{ name: 'timeout', type: 'string' },
	{ name: 'dry-run', type: 'string' }
] as const;

export const scaleVerb: KubectlVerb = {
	name: 'scale',
	flags: FLAGS,
	summary: 'Set a new size for a deployment, replica set, or replication controller',
	group: 'Deploy Commands',
	async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
		const flags = parseVerbFlags(io, 'scale', argv, FLAGS);
		if (typeof flags === 'number') return flags;
		const api = ctx.cluster.api;

		// Complete
		const namespace = str(flags, 'namespace') || defaultNamespace(ctx.vfs);
		const replicas = int(flags, 'replicas');
		const current = int(flags, 'current-replicas');
		const selector = str(flags, 'selector');
		const all = bool(flags, 'all');

		// Validate
		if (replicas === undefined) return fail(io, 'required flag(s) "replicas" not set');
		if (replicas < 0)
			return fail(
				io,
				'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0'
			);
		if (flags.positional.length === 0)
			return fail(
				io,
				`You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`
			);
		const args = parseResourceArgs(api, flags.positional, { namespace });
		if (isApiError(args)) return printApiError(io, args);
		const targets = selectResources(api, args, { all, selector });
		if (isApiError(targets)) return printApiError(io, targets);

		// Run
		let code = 0;
		for (const t of targets) {
			if (!SCALABLE.has(t.type.kind)) {
				io.stderr(
					formatServerError(
						apiError('NotFound', 'the server could not find the requested resource')
					) + '\n'
				);
				code = 1;
				continue;
			}
			const live = api.get(t.type, t.namespace, t.name);
			if (isApiError(live)) {
				io.stderr(formatServerError(live) + '\n');
				code = 1;
				continue;
			}
			const spec = (live['spec'] ?? {}) as { replicas?: number };
			const was = spec.replicas ?? 1;
			if (current !== undefined && current !== was) {
				io.stderr(`error: Expected replicas to be ${current}, was ${was}\n`);
				code = 1;
				continue;
			}
			// kubectl sends the count to the scale subresource, whose spec.replicas is an int32.
			const undecodable = int32Error(replicas, 'ScaleSpec.spec.replicas');
			if (undecodable) {
				io.stderr(
					`Error from server (BadRequest): Scale in version "v1" cannot be handled as a Scale: ${undecodable}\n`
				);
				code = 1;
				continue;
			}
			if (str(flags, 'dry-run') === undefined || str(flags, 'dry-run') === 'none') {
				const r = api.patch(t.type, t.namespace, t.name, (draft) => {
					draft['spec'] = { ...((draft['spec'] ?? {}) as object), replicas };
				});
				if (isApiError(r)) {
					io.stderr(formatServerError(r) + '\n');
					code = 1;
					continue;
				}
			}
			const ref = `${qualifiedKind(t.type)}/${t.name}`;
			io.stdout(str(flags, 'output') === 'name' ? `${ref}\n` : `${ref} scaled\n`);
		}
		return code;
	}
};
