/**
 * `kubectl create -f FILE`, `create namespace NAME`, `create deployment NAME --image=IMG`,
 * `create serviceaccount NAME`, `create secret tls|generic NAME` (`create-secret.ts`), `create
 * configmap NAME` (`create-configmap.ts`), `create service TYPE|role|clusterrole|rolebinding|
 * clusterrolebinding NAME` (`create-generators.ts`). Mirrors kubectl pkg/cmd/create: generators build the object,
 * the server creates it; `--dry-run=client -o yaml` prints it instead.
 */
import { formatApiError, isApiError, type ApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { dryRunSuffix, fail, formatServerError, parseDryRun, type DryRun } from './apply.ts';
import { bool, int, str, strings, type FlagSpec, type ParsedFlags } from './flags.ts';
import { buildSecret } from './create-secret.ts';
import { buildConfigMap } from './create-configmap.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { decodeSources, readSources, resolveNamespaces } from './manifests.ts';
import { qualifiedKind } from './resource-args.ts';
import { asGenerated } from './generated.ts';
import { toJson, toYaml } from './printers/object.ts';
import { GLOBAL_FLAGS, parseVerbFlags, type KubectlVerb } from './verb.ts';
import type { FieldValidation } from '../../mesh/api/custom-resources.ts';
import { parseValidate } from './validate-flag.ts';
import {
	buildBinding,
	buildRole,
	buildService,
	GENERATOR_FLAGS,
	GENERATOR_FLAG_SPECS,
	SERVICE_HELP,
	SERVICE_TYPES
} from './create-generators.ts';

type Generator = (name: string, namespace: string, f: GeneratorFlags) => KubeObject | string;
interface GeneratorFlags {
	readonly images: string[];
	readonly replicas: number | undefined;
	readonly port: number | undefined;
	readonly command: string[];
	readonly from: string | undefined;
	readonly schedule: string | undefined;
	readonly restart: string | undefined;
	/** The live object `--from` names, looked up before the generator runs. */
	readonly fromObject?: KubeObject | string;
}

const meta = (
	name: string,
	namespace?: string,
	labels?: Record<string, string>
): KubeObject['metadata'] =>
	({
		name,
		...(namespace ? { namespace } : {}),
		...(labels ? { labels } : {})
	}) as KubeObject['metadata'];

/** kubectl's container name for an image: last path segment without tag or digest. */
export function containerNameFor(image: string): string {
	const last = image.split('/').pop() ?? image;
	return (
		last
			.split('@')[0]
			?.split(':')[0]
			?.replace(/[^a-z0-9-]/g, '-') ?? 'container'
	);
}

const GENERATORS: Record<string, { aliases: string[]; build: Generator }> = {
	namespace: {
		aliases: ['ns'],
		build: (name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(name) })
	},
	job: { aliases: [], build: buildJob },
	cronjob: { aliases: ['cj'], build: buildCronJob },
	serviceaccount: {
		aliases: ['sa'],
		build: (name, ns) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name, ns) })
	},
	deployment: {
		aliases: ['deploy'],
		build: (name, ns, f) => {
			if (f.images.length === 0) return 'required flag(s) "image" not set';
			if (f.command.length > 0 && f.images.length > 1)
				return 'cannot specify multiple --image options and command';
			const labels = { app: name };
			const containers = f.images.map((image) => ({
				name: containerNameFor(image),
				image,
				...(f.command.length > 0 ? { command: f.command } : {}),
				...(f.port !== undefined && f.port >= 0 ? { ports: [{ containerPort: f.port }] } : {})
			}));
			return {
				apiVersion: 'apps/v1',
				kind: 'Deployment',
				metadata: meta(name, ns, labels),
				spec: {
					replicas: f.replicas ?? 1,
					selector: { matchLabels: labels },
					template: { metadata: { labels }, spec: { containers } }
				}
			};
		}
	}
};

/** kubectl pkg/cmd/create/create_job.go: one container named after the Job, restartPolicy Never. */
function buildJob(name: string, ns: string, f: GeneratorFlags): KubeObject | string {
	const image = f.images[f.images.length - 1];
	if ((image === undefined) === (f.from === undefined))
		return 'either --image or --from must be specified';
	if (f.command.length > 0 && f.from !== undefined) return 'cannot specify --from and command';
	if (f.from !== undefined) {
		const from = f.fromObject;
		if (typeof from === 'string' || from === undefined) return from ?? 'unknown object';
		const template = (
			from.spec as { jobTemplate?: { metadata?: KubeObject['metadata']; spec?: unknown } }
		).jobTemplate;
		return {
			apiVersion: 'batch/v1',
			kind: 'Job',
			metadata: {
				name,
				namespace: ns,
				...(template?.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
				annotations: {
					...template?.metadata?.annotations,
					'cronjob.kubernetes.io/instantiate': 'manual'
				},
				ownerReferences: [
					{
						apiVersion: 'batch/v1',
						kind: 'CronJob',
						name: from.metadata.name,
						uid: from.metadata.uid,
						controller: true
					}
				]
			},
			spec: template?.spec ?? {}
		} as unknown as KubeObject;
	}
	return {
		apiVersion: 'batch/v1',
		kind: 'Job',
		metadata: meta(name, ns),
		spec: {
			template: {
				spec: {
					containers: [{ name, image, ...(f.command.length > 0 ? { command: f.command } : {}) }],
					restartPolicy: 'Never'
				}
			}
		}
	} as unknown as KubeObject;
}

/** kubectl pkg/cmd/create/create_cronjob.go: one container named after the CronJob. */
function buildCronJob(name: string, ns: string, f: GeneratorFlags): KubeObject | string {
	const image = f.images[f.images.length - 1];
	if (image === undefined) return 'required flag(s) "image" not set';
	if (f.schedule === undefined) return 'required flag(s) "schedule" not set';
	const restart = f.restart || 'OnFailure';
	return {
		apiVersion: 'batch/v1',
		kind: 'CronJob',
		metadata: meta(name, ns),
		spec: {
			schedule: f.schedule,
			jobTemplate: {
				metadata: { name },
				spec: {
					template: {
						spec: {
							containers: [
								{ name, image, ...(f.command.length > 0 ? { command: f.command } : {}) }
							],
							restartPolicy: restart
						}
					}
				}
			}
		}
	} as unknown as KubeObject;
}

function generatorFor(sub: string): { name: string; build: Generator } | undefined {
	for (const [name, g] of Object.entries(GENERATORS))
		if (name === sub || g.aliases.includes(sub)) return { name, build: g.build };
	return undefined;
}

const FLAGS = [
	{ name: 'filename', short: 'f', type: 'stringArray' },
	{ name: 'image', type: 'stringArray' },
	{ name: 'replicas', short: 'r', type: 'int' },
	{ name: 'port', type: 'int' },
	{ name: 'from', type: 'string' },
	{ name: 'schedule', type: 'string' },
	{ name: 'restart', type: 'string' },
	{ name: 'dry-run', type: 'string' },
	{ name: 'output', short: 'o', type: 'string' },
	{ name: 'save-config', type: 'bool' },
	{ name: 'validate', type: 'string' },
	{ name: 'field-manager', type: 'string' },
	{ name: 'cert', type: 'string' },
	{ name: 'key', type: 'string' },
	{ name: 'from-literal', type: 'stringArray' },
	{ name: 'from-file', type: 'stringArray' },
	{ name: 'from-env-file', type: 'stringArray' },
	{ name: 'append-hash', type: 'bool' },
	{ name: 'type', type: 'string' },
	...GENERATOR_FLAG_SPECS
] as const;

/** Creates one object (or prints it for a dry run); returns the error line, if any. */
function createOne(
	obj: KubeObject,
	source: string | undefined,
	opts: { dryRun: DryRun; output: string | undefined; fieldValidation: FieldValidation },
	io: CommandIO,
	ctx: CommandContext,
	/** A generator that calls the API itself wraps its error (`failed to create configmap: `). */
	clientPrefix?: string
): string | undefined {
	const type = ctx.cluster.api.resourceFor(obj.apiVersion, obj.kind);
	if (!type) return `error: no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`;
	let shown = obj;
	if (opts.dryRun === 'none') {
		const warnings: string[] = [];
		const r = ctx.cluster.api.create(obj, { fieldValidation: opts.fieldValidation, warnings });
		for (const w of warnings) io.stderr(`Warning: ${w}\n`);
		if (isApiError(r))
			return clientPrefix !== undefined
				? `error: ${clientPrefix}${r.message}`
				: formatServerError(r, source ? { verb: 'creating', source } : undefined);
		shown = r;
	}
	if (opts.output === 'yaml') io.stdout(toYaml(shown));
	else if (opts.output === 'json') io.stdout(toJson(shown));
	else {
		const ref = `${qualifiedKind(type)}/${shown.metadata.name ?? ''}`;
		const suffix = dryRunSuffix(opts.dryRun);
		io.stdout(opts.output === 'name' ? `${ref}\n` : `${ref} created${suffix}\n`);
	}
	return undefined;
}

export const createVerb: KubectlVerb = {
	name: 'create',
	flags: FLAGS,
	summary: 'Create a resource from a file or from stdin',
	group: 'Basic Commands (Beginner)',
	async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
		// Before flag parsing: their flags (`--tcp`, `--verb`, …) are not ours to know.
		const notSimulated = subcommandOf(argv);
		if (notSimulated !== undefined && NOT_SIMULATED.includes(notSimulated)) {
			io.stderr(
				`error: kubectl create ${notSimulated} is not simulated in the playground: write the object as YAML and create it with kubectl apply -f\n`
			);
			return 1;
		}
		const own = flagsOf(argv);
		const flags = parseVerbFlags(io, own.command, argv, own.flags);
		if (typeof flags === 'number') return flags;

		// Complete
		const nsFlag = str(flags, 'namespace');
		const namespace = nsFlag || defaultNamespace(ctx.vfs);
		const filenames = strings(flags, 'filename');
		const dryRun = parseDryRun(str(flags, 'dry-run'));
		const output = str(flags, 'output');
		const [sub, ...names] = flags.positional;
		const fieldValidation = parseValidate(str(flags, 'validate'));

		// Validate
		if (typeof dryRun === 'object') return fail(io, dryRun.error);
		if (typeof fieldValidation === 'object') return fail(io, fieldValidation.error);
		if (output !== undefined && !['yaml', 'json', 'name'].includes(output))
			return fail(
				io,
				`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`
			);
		const opts = { dryRun, output, fieldValidation };

		// Run: from files
		if (sub === undefined) {
			if (filenames.length === 0) return fail(io, 'must specify one of -f and -k');
			const sources = await readSources(filenames, ctx.vfs, io.stdin);
			if ('error' in sources) return fail(io, sources.error);
			const decoded = resolveNamespaces(
				decodeSources(sources, ctx.cluster.api, { validate: fieldValidation !== 'Ignore' }),
				namespace,
				Boolean(nsFlag)
			);
			const errors = decoded.errors.map((e) => `error: ${e}`);
			for (const m of decoded.manifests) {
				const e = createOne(m.object, m.source, opts, io, ctx);
				if (e) errors.push(e);
			}
			if (dryRun === 'none') await ctx.cluster.settle();
			for (const e of errors) io.stderr(e + '\n');
			return errors.length > 0 ? 1 : 0;
		}

		// Run: from a generator
		const obj =
			sub === 'secret'
				? await secretFrom(names, namespace, flags, ctx)
				: sub === 'configmap' || sub === 'cm'
					? await configMapFrom(names, namespace, flags, ctx)
					: (rbacOrService(sub, names, namespace, flags, io, ctx) ??
						generated(sub, names, namespace, flags, io, ctx.cluster.api));
		if (typeof obj === 'number') return obj;
		if (typeof obj === 'string') return fail(io, obj);
		const err = createOne(
			dryRun === 'client' ? asGenerated(obj, Boolean(nsFlag)) : obj,
			undefined,
			opts,
			io,
			ctx,
			sub === 'configmap' || sub === 'cm'
				? 'failed to create configmap: '
				: sub === 'secret'
					? 'failed to create secret '
					: sub === 'service' || sub === 'svc'
						? `failed to create ${SERVICE_TYPES[names[0] ?? ''] ?? ''} service: `
						: undefined
		);
		if (err) {
			io.stderr(err + '\n');
			return 1;
		}
		if (dryRun === 'none') await ctx.cluster.settle();
		return 0;
	}
};

function secretFrom(
	names: readonly string[],
	namespace: string,
	flags: ParsedFlags,
	ctx: CommandContext
) {
	return buildSecret(
		names,
		namespace,
		{
			cert: str(flags, 'cert'),
			key: str(flags, 'key'),
			fromLiteral: strings(flags, 'from-literal'),
			fromFile: slice(flags, 'from-file'),
			fromEnvFile: slice(flags, 'from-env-file'),
			type: str(flags, 'type'),
			appendHash: bool(flags, 'append-hash')
		},
		ctx.vfs,
		ctx.env
	);
}

/** `--from-file` and `--from-env-file` are pflag StringSlices: each value may list several, by commas. */
const slice = (flags: ParsedFlags, name: string): string[] =>
	strings(flags, name).flatMap((v) => v.split(','));

function configMapFrom(
	names: readonly string[],
	namespace: string,
	flags: ParsedFlags,
	ctx: CommandContext
) {
	return buildConfigMap(
		names,
		namespace,
		{
			fromLiteral: strings(flags, 'from-literal'),
			fromFile: slice(flags, 'from-file'),
			fromEnvFile: slice(flags, 'from-env-file'),
			appendHash: bool(flags, 'append-hash')
		},
		ctx.vfs,
		ctx.env
	);
}

/** kubectl create's other generators: real, not simulated here; a manifest does the same. */
const NOT_SIMULATED = [
	'ingress',
	'ing',
	'poddisruptionbudget',
	'pdb',
	'priorityclass',
	'pc',
	'quota',
	'resourcequota',
	'token'
];

/** `-f`, `--image`, …: flags whose value may be the next word. */
const VALUED = new Set(
	([...GLOBAL_FLAGS, ...FLAGS] as readonly FlagSpec[])
		.filter((f) => f.type !== 'bool' && f.default === undefined)
		.flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])])
);

/** The words that are neither flags nor flags' values, before any `--`. */
function positionalsOf(argv: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] ?? '';
		if (a === '--') break;
		if (VALUED.has(a)) i++;
		else if (!a.startsWith('-') || a === '-') out.push(a);
	}
	return out;
}

/** The first word that is neither a flag nor a flag's value: the subcommand, if any. */
const subcommandOf = (argv: readonly string[]): string | undefined => positionalsOf(argv)[0];

/** Flags every create subcommand has (cmdutil's dry-run, printer, apply-annotation, validate, field-manager flags). */
const COMMON = ['dry-run', 'output', 'save-config', 'validate', 'field-manager'];
/** Each subcommand's own flags (kubectl pkg/cmd/create): another subcommand's is an unknown flag there. */
const OWN_FLAGS: Readonly<Record<string, readonly string[]>> = {
	'': ['filename'],
	namespace: [],
	serviceaccount: [],
	deployment: ['image', 'replicas', 'port'],
	job: ['image', 'from'],
	cronjob: ['image', 'schedule', 'restart'],
	'secret generic': ['from-literal', 'from-file', 'from-env-file', 'type', 'append-hash'],
	'secret tls': ['cert', 'key', 'append-hash'],
	secret: [],
	configmap: ['from-literal', 'from-file', 'from-env-file', 'append-hash'],
	service: [],
	...GENERATOR_FLAGS
};
const CANONICAL: Readonly<Record<string, string>> = {
	ns: 'namespace',
	sa: 'serviceaccount',
	deploy: 'deployment',
	cj: 'cronjob',
	cm: 'configmap',
	svc: 'service'
};

/** The cobra command a line runs (`create secret tls`) and the flags it takes; all of them when it is unknown. */
function flagsOf(argv: readonly string[]): { command: string; flags: readonly FlagSpec[] } {
	const [first, second] = positionalsOf(argv);
	let sub = first === undefined ? '' : (CANONICAL[first] ?? first);
	if (sub === 'secret' && (second === 'generic' || second === 'tls')) sub = `secret ${second}`;
	if (sub === 'service' && second !== undefined && second in SERVICE_TYPES)
		sub = `service ${second}`;
	const own = OWN_FLAGS[sub];
	if (own === undefined) return { command: 'create', flags: FLAGS };
	const names = new Set([...COMMON, ...own]);
	return {
		command: sub === '' ? 'create' : `create ${sub}`,
		flags: FLAGS.filter((f) => names.has(f.name))
	};
}

/** NameFromCommandArgs: exactly one NAME, or cobra's usage error (exit code). */
function oneName(names: readonly string[], command: string, io: CommandIO): string | number {
	if (names.length === 1) return names[0] as string;
	io.stderr(
		`error: exactly one NAME is required, got ${names.length}\nSee 'kubectl create ${command} -h' for help and examples\n`
	);
	return 1;
}

/** `create service TYPE`, `role`, `clusterrole`, `rolebinding`, `clusterrolebinding`; undefined for others. */
function rbacOrService(
	sub: string,
	names: readonly string[],
	namespace: string,
	flags: ParsedFlags,
	io: CommandIO,
	ctx: CommandContext
): KubeObject | string | number | undefined {
	if (sub === 'service' || sub === 'svc') {
		const [type, ...rest] = names;
		if (type === undefined) {
			io.stdout(SERVICE_HELP);
			return 1;
		}
		if (!(type in SERVICE_TYPES)) {
			io.stderr(`error: unknown command "${type}" for "kubectl create service"\n`);
			return 1;
		}
		const name = oneName(rest, `service ${type}`, io);
		return typeof name === 'number' ? name : buildService(type, name, namespace, flags);
	}
	const cluster = sub.startsWith('cluster');
	if (sub === 'role' || sub === 'clusterrole') {
		const name = oneName(names, sub, io);
		return typeof name === 'number'
			? name
			: buildRole(cluster, name, namespace, flags, ctx.cluster.api, io);
	}
	if (sub === 'rolebinding' || sub === 'clusterrolebinding') {
		const name = oneName(names, sub, io);
		return typeof name === 'number' ? name : buildBinding(cluster, name, namespace, flags);
	}
	return undefined;
}

/** One of GENERATORS' objects; a number is an exit code already reported. */
/** `--from=cronjob/NAME`: the builder's lookup, with its errors. */
function liveFrom(
	api: CommandContext['cluster']['api'],
	from: string,
	namespace: string
): KubeObject | string | ApiError {
	const [typed = '', name = '', ...extra] = from.split('/');
	if (name === '' || extra.length > 0) return 'from must be an existing cronjob';
	const type = api.resolve(typed);
	if (!type) return `the server doesn't have a resource type "${typed}"`;
	const live = api.get(type, type.namespaced ? namespace : undefined, name);
	if (isApiError(live)) return live;
	if (type.kind !== 'CronJob') return `unknown object type *v1.${type.kind}`;
	return live;
}

function generated(
	sub: string,
	names: readonly string[],
	namespace: string,
	flags: ParsedFlags,
	io: CommandIO,
	api: CommandContext['cluster']['api']
): KubeObject | string | number {
	const gen = generatorFor(sub);
	const from = str(flags, 'from');
	const fromObject = from === undefined ? undefined : liveFrom(api, from, namespace);
	if (isApiError(fromObject)) {
		io.stderr(formatApiError(fromObject) + '\n');
		return 1;
	}
	if (!gen) {
		io.stderr(`error: unknown command "${sub}" for "kubectl create"\n`);
		return 1;
	}
	if (names.length !== 1) {
		io.stderr(
			`error: exactly one NAME is required, got ${names.length}\nSee 'kubectl create ${gen.name} -h' for help and examples\n`
		);
		return 1;
	}
	return gen.build(names[0] as string, namespace, {
		images: strings(flags, 'image'),
		replicas: int(flags, 'replicas'),
		port: int(flags, 'port'),
		command: flags.rest ?? [],
		from: str(flags, 'from'),
		schedule: str(flags, 'schedule'),
		restart: str(flags, 'restart'),
		...(fromObject !== undefined ? { fromObject } : {})
	});
}
