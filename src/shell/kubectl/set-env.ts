/**
 * `kubectl set env RESOURCE/NAME KEY_1=VAL_1 … KEY-`: mirrors kubectl pkg/cmd/set/set_env.go —
 * the selected containers (`-c`, `*` by default; init containers too) of each workload's pod
 * template get the variables set, replaced in place or removed, sent as a patch (`TYPE/NAME env
 * updated`, nothing when nothing changed); `--list` prints each container's environment with the
 * changes applied and patches nothing. `--from`, `--resolve` and `-` (variables on stdin) are
 * refused with a note.
 */
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject, PodSpec } from '../../mesh/api/objects.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { fail, formatServerError, parseDryRun } from './apply.ts';
import { envVarNameError } from './create-data-sources.ts';
import { bool, str, strings } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { notAPodTemplate, podSpecOf } from './pod-template.ts';
import { qualifiedKind } from './resource-args.ts';
import { parseVerbFlags } from './verb.ts';
import {
	checkSetOutput,
	printSetResult,
	reportSetErrors,
	resolveSetTargets
} from './set-result.ts';

export const SET_ENV_FLAGS = [
	{ name: 'all', type: 'bool' },
	{ name: 'local', type: 'bool' },
	{ name: 'dry-run', type: 'string' },
	{ name: 'field-manager', type: 'string' },
	{ name: 'selector', short: 'l', type: 'string' },
	{ name: 'filename', short: 'f', type: 'stringArray' },
	{ name: 'output', short: 'o', type: 'string' },
	{ name: 'recursive', short: 'R', type: 'bool' },
	{ name: 'containers', short: 'c', type: 'string' },
	{ name: 'env', short: 'e', type: 'stringArray' },
	{ name: 'from', type: 'string' },
	{ name: 'keys', type: 'string' },
	{ name: 'prefix', type: 'string' },
	{ name: 'list', type: 'bool' },
	{ name: 'resolve', type: 'bool' },
	{ name: 'overwrite', type: 'bool' }
] as const;

/** A container's env entry: a plain value or a reference (`valueFrom`). */
interface EnvVar {
	name: string;
	value?: string;
	valueFrom?: Record<string, Record<string, string> | undefined>;
}

type Container = { name: string; env?: EnvVar[] };

/** env_parse.go SplitEnvironmentFromResources: resources first, then `K=V` / `K-` arguments. */
function splitEnv(args: readonly string[]): { resources: string[]; envArgs: string[] } | undefined {
	const resources: string[] = [];
	const envArgs: string[] = [];
	for (const s of args) {
		const isEnv = /^.+=/s.test(s) || s.endsWith('-');
		if (isEnv) envArgs.push(s);
		else if (envArgs.length > 0) return undefined;
		else resources.push(s);
	}
	return { resources, envArgs };
}

/** env_parse.go parseIntoEnvVar: the variables to set and the names to remove. */
function parseEnv(specs: readonly string[]): { env: EnvVar[]; remove: string[] } | string {
	const env: EnvVar[] = [];
	const remove: string[] = [];
	for (const spec of specs) {
		if (spec === '-')
			return 'reading variables from stdin (-) is not simulated in Mesh Playground: pass them as KEY=VALUE';
		const eq = spec.indexOf('=');
		if (eq >= 0) {
			const name = spec.slice(0, eq);
			const bad = envVarNameError(name);
			if (bad) return bad;
			env.push({ name, value: spec.slice(eq + 1) });
		} else if (spec.endsWith('-')) remove.push(spec.slice(0, -1));
		else return `unknown environment variable: ${spec}`;
	}
	if (remove.some((r) => env.some((e) => e.name === r)))
		return 'can not both modify and remove the same environment variable in the same command';
	return { env, remove };
}

/** helper.go selectString: `*` matches any run of characters. */
function selects(name: string, spec: string): boolean {
	const pattern = spec
		.split('*')
		.map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
		.join('.*');
	return new RegExp(`^${pattern}$`).test(name);
}

/** helper.go updateEnv: replaced in place, removed, new ones appended in the order given. */
function updateEnv(
	existing: readonly EnvVar[],
	env: readonly EnvVar[],
	remove: string[]
): EnvVar[] {
	const covered = new Set(remove);
	const out: EnvVar[] = [];
	for (const e of existing) {
		if (covered.has(e.name)) continue;
		const newer = env.find((n) => n.name === e.name);
		if (newer) covered.add(e.name);
		out.push(newer ? { ...newer } : e);
	}
	for (const e of env)
		if (!covered.has(e.name)) {
			covered.add(e.name);
			out.push({ ...e });
		}
	return out;
}

/** env_resolve.go GetEnvVarRefString: what `--list` prints for a reference. */
function refString(from: NonNullable<EnvVar['valueFrom']>): string {
	const cm = from['configMapKeyRef'];
	if (cm) return `configmap ${cm['name'] ?? ''}, key ${cm['key'] ?? ''}`;
	const secret = from['secretKeyRef'];
	if (secret) return `secret ${secret['name'] ?? ''}, key ${secret['key'] ?? ''}`;
	const field = from['fieldRef'];
	if (field) return `field path ${field['fieldPath'] ?? ''}`;
	const res = from['resourceFieldRef'];
	if (res)
		return `resource field ${res['containerName'] ? `${res['containerName']}/` : ''}${res['resource'] ?? ''}`;
	return '';
}

/** The selected containers, then the selected init containers (set_env.go's order). */
function selected(spec: PodSpec, selector: string): Container[] {
	const pick = (cs: unknown): Container[] =>
		((cs as Container[] | undefined) ?? []).filter((c) => selects(c.name, selector));
	return [...pick(spec.containers), ...pick(spec.initContainers)];
}

export async function runSetEnv(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parseVerbFlags(io, 'set env', argv, SET_ENV_FLAGS);
	if (typeof flags === 'number') return flags;
	const api = ctx.cluster.api;
	const namespace = str(flags, 'namespace') || defaultNamespace(ctx.vfs);
	const all = bool(flags, 'all');
	const selector = str(flags, 'selector');
	const list = bool(flags, 'list');
	const output = str(flags, 'output');
	const overwrite = flags.values.get('overwrite') !== false;
	const containerSelector = str(flags, 'containers') ?? '*';
	const prefix = str(flags, 'prefix') ?? '';

	// Complete, then Validate, in set_env.go's order.
	if (all && selector !== undefined)
		return fail(io, 'cannot set --all and --selector at the same time');
	const split = splitEnv(flags.positional);
	if (!split)
		return fail(
			io,
			`all resources must be specified before environment changes: ${flags.positional.join(' ')}`
		);
	const dryRun = parseDryRun(str(flags, 'dry-run'));
	if (typeof dryRun === 'object') return fail(io, dryRun.error);
	if (bool(flags, 'local') && dryRun === 'server')
		return fail(io, 'cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
	if (split.resources.length === 0)
		return fail(
			io,
			'one or more resources must be specified as <resource> <name> or <resource>/<name>'
		);
	if (list && output !== undefined)
		return fail(io, '--list and --output may not be specified together');
	if (str(flags, 'keys') !== undefined && str(flags, 'from') === undefined)
		return fail(io, 'when specifying --keys, a configmap or secret must be provided with --from');
	for (const unsimulated of ['from', 'resolve', 'local'] as const)
		if (flags.values.has(unsimulated))
			return fail(io, `kubectl set env --${unsimulated} is not simulated in Mesh Playground`);
	const badOutput = checkSetOutput(io, output);
	if (badOutput !== undefined) return badOutput;

	const parsed = parseEnv([...strings(flags, 'env'), ...split.envArgs]);
	if (typeof parsed === 'string') return fail(io, parsed);
	const env = parsed.env.map((e) => ({ ...e, name: prefix + e.name }));

	const targets = resolveSetTargets(io, api, split.resources, { namespace, all, selector });
	if (typeof targets === 'number') return targets;

	/** The env change on one copy of the object; an error string when --overwrite=false refuses it. */
	const apply = (obj: KubeObject, print: boolean): string | undefined => {
		const spec = podSpecOf(obj);
		if (!spec) return undefined;
		const containers = selected(spec, containerSelector);
		if (containers.length === 0) {
			if (print)
				io.stderr(
					`Warning: ${obj.kind}/${obj.metadata.name} does not have any containers matching ${JSON.stringify(containerSelector)}\n`
				);
			return undefined;
		}
		for (const c of containers) {
			if (!overwrite)
				for (const e of env) {
					const current = c.env?.find((x) => x.name === e.name);
					if (current && current.value !== e.value)
						return `'${current.name}' already has a value (${current.value ?? ''}), and --overwrite is false`;
				}
			const updated = updateEnv(c.env ?? [], env, parsed.remove);
			if (updated.length > 0 || c.env) c.env = updated;
			if (print && list) {
				io.stdout(`# ${obj.kind} ${obj.metadata.name}, container ${c.name}\n`);
				for (const e of updated)
					io.stdout(
						e.valueFrom
							? `# ${e.name} from ${refString(e.valueFrom)}\n`
							: `${e.name}=${e.value ?? ''}\n`
					);
			}
		}
		return undefined;
	};

	const errors: string[] = [];
	for (const { type, obj } of targets) {
		const copy = structuredClone(obj);
		if (!podSpecOf(copy)) {
			errors.push(notAPodTemplate(type.plural, obj));
			continue;
		}
		const refused = apply(copy, true);
		if (refused) {
			errors.push(`error: ${type.plural}/${obj.metadata.name} ${refused}`);
			continue;
		}
		if (list || JSON.stringify(copy) === JSON.stringify(obj)) continue;
		const ref = `${qualifiedKind(type)}/${obj.metadata.name}`;
		let shown: KubeObject = copy;
		// A dry run (server's too: the store has no dry-run write) shows the patched copy.
		if (dryRun === 'none') {
			const r = api.patch(type, obj.metadata.namespace, obj.metadata.name, (draft) => {
				apply(draft, false);
			});
			if (isApiError(r)) {
				errors.push(`failed to patch env update to pod template: ${formatServerError(r)}`);
				continue;
			}
			shown = r;
		}
		printSetResult(io, shown, ref, output, dryRun, 'env');
	}
	return reportSetErrors(io, errors);
}
