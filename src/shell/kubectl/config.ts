/**
 * `kubectl config`, minimal: current-context, get-contexts, use-context, view, and
 * `set-context --current --namespace=x` (the one learners use to switch namespace).
 */
import { parse } from 'yaml';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str } from './flags.ts';
import { KUBECONFIG_PATH, loadKubeconfig, saveKubeconfig } from './kubeconfig.ts';
import { formatRows } from './printers/table.ts';
import { toJson, toYaml } from './printers/object.ts';
import { isOutputError, parseOutputFormat } from './printers/output.ts';
import type { Json } from './jsonpath-parse.ts';
import { parseVerbFlags, type KubectlVerb } from './verb.ts';

const SUBCOMMANDS = `Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".

Available Commands:
  current-context   Display the current-context
  get-contexts      Describe one or many contexts
  set-context       Set a context entry in kubeconfig
  use-context       Set the current-context in a kubeconfig file
  view              Display merged kubeconfig settings or a specified kubeconfig file

Usage:
  kubectl config SUBCOMMAND [options]
`;

/** `view -o`: yaml (default), json, name, jsonpath; its printer flags allow no table formats. */
function printView(io: CommandIO, doc: unknown, output: string): number {
	const format = parseOutputFormat(output);
	if (isOutputError(format)) {
		io.stderr(`error: ${format.message}\n`);
		return 1;
	}
	if (output !== '' && (format.kind === 'table' || format.kind === 'custom-columns')) {
		io.stderr(
			`error: unable to match a printer suitable for the output format "${output}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n`
		);
		return 1;
	}
	if (format.kind === 'json') io.stdout(toJson(doc));
	else if (format.kind === 'name') io.stdout('Config/<unknown>\n');
	else if (format.kind === 'jsonpath') io.stdout(format.path.execute(doc as Json));
	else io.stdout(toYaml(doc));
	return 0;
}

/**
 * clusters, contexts and users by name: client-go keeps them in maps, and its v1 conversion
 * writes them out sorted (for view as for the file).
 */
function sortedByName(doc: unknown): unknown {
	if (!doc || typeof doc !== 'object') return doc;
	const out = { ...(doc as Record<string, unknown>) };
	for (const key of ['clusters', 'contexts', 'users']) {
		const list = out[key];
		if (Array.isArray(list))
			out[key] = [...(list as Named[])].sort((a, b) =>
				String(a.name) < String(b.name) ? -1 : String(a.name) > String(b.name) ? 1 : 0
			);
	}
	return out;
}

type Named = { name?: unknown; context?: { cluster?: unknown; user?: unknown } };

/**
 * `view --minify` (clientcmdapi.MinifyConfig): the context in use (`--context`, else current),
 * its cluster and user alone; the error text when there is no such context.
 */
function minify(doc: unknown, override: string | undefined): Record<string, unknown> | string {
	const raw = (doc ?? {}) as Record<string, unknown>;
	const name =
		override || (typeof raw['current-context'] === 'string' ? raw['current-context'] : '');
	if (!name) return 'current-context must exist in order to minify';
	const list = (key: string): Named[] => (Array.isArray(raw[key]) ? (raw[key] as Named[]) : []);
	const context = list('contexts').find((c) => c.name === name);
	if (!context) return `cannot locate context ${name}`;
	// An empty list prints as null, as kubectl's conversion leaves it a nil slice.
	const only = (key: string, want: unknown): Named[] | null => {
		const kept = list(key).filter((x) => x.name === want);
		return kept.length > 0 ? kept : null;
	};
	return {
		...raw,
		clusters: only('clusters', context.context?.cluster),
		contexts: [context],
		'current-context': name,
		users: only('users', context.context?.user)
	};
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseVerbFlags(io, 'config', argv, [
		{ name: 'current', type: 'bool' },
		{ name: 'cluster', type: 'string' },
		{ name: 'user', type: 'string' },
		{ name: 'output', short: 'o', type: 'string' },
		{ name: 'minify', type: 'bool' },
		{ name: 'raw', type: 'bool' }
	]);
	if (typeof flags === 'number') return flags;
	const [sub, name] = flags.positional;
	// `--kubeconfig` names the file read and written; one not there yet is an empty config
	// (PathOptions.GetStartingConfig), created by the first write.
	const path = str(flags, 'kubeconfig') || KUBECONFIG_PATH;
	const cfg = loadKubeconfig(ctx.vfs, path);
	switch (sub) {
		case 'current-context':
			if (!cfg.currentContext) {
				io.stderr('error: current-context is not set\n');
				return 1;
			}
			io.stdout(cfg.currentContext + '\n');
			return 0;
		case 'get-contexts': {
			const header = ['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'];
			// get_contexts.go prints the contexts' names sorted (they are a map's keys).
			const contexts = (name ? cfg.contexts.filter((c) => c.name === name) : cfg.contexts)
				.slice()
				.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
			if (name && contexts.length === 0) {
				io.stderr(`error: context ${name} not found\n`);
				return 1;
			}
			// get_contexts.go: `-o name` prints the names alone; no other output is allowed.
			const output = str(flags, 'output') ?? '';
			if (output !== '' && output !== 'name') {
				io.stderr(
					`error: --output ${output} is not available in kubectl config get-contexts; resetting to default output format\n`
				);
				return 1;
			}
			if (output === 'name') {
				io.stdout(contexts.map((c) => `${c.name}\n`).join(''));
				return 0;
			}
			const rows = contexts.map((c) => [
				c.name === cfg.currentContext ? '*' : '',
				c.name,
				c.cluster,
				c.user,
				c.namespace ?? ''
			]);
			io.stdout(formatRows([header, ...rows]));
			return 0;
		}
		case 'use-context':
			if (!name || !cfg.contexts.some((c) => c.name === name)) {
				io.stderr(`error: no context exists with the name: "${name ?? ''}"\n`);
				return 1;
			}
			cfg.currentContext = name;
			saveKubeconfig(ctx.vfs, cfg, path);
			io.stdout(`Switched to context "${name}".\n`);
			return 0;
		case 'set-context': {
			const target = bool(flags, 'current') ? cfg.currentContext : name;
			if (!target) {
				io.stderr('error: you must specify a non-empty context name or --current\n');
				return 1;
			}
			let context = cfg.contexts.find((c) => c.name === target);
			const created = !context;
			if (!context) {
				context = { name: target, cluster: '', user: '' };
				cfg.contexts.push(context);
			}
			const ns = str(flags, 'namespace');
			if (ns !== undefined) context.namespace = ns;
			const cluster = str(flags, 'cluster');
			if (cluster !== undefined) context.cluster = cluster;
			const user = str(flags, 'user');
			if (user !== undefined) context.user = user;
			saveKubeconfig(ctx.vfs, cfg, path);
			io.stdout(`Context "${target}" ${created ? 'created' : 'modified'}.\n`);
			return 0;
		}
		case 'view': {
			// An explicit file not there is shown as client-go's empty Config, and not written.
			const empty = path !== KUBECONFIG_PATH && !ctx.vfs.exists(path);
			if (!empty && !ctx.vfs.exists(path)) saveKubeconfig(ctx.vfs, cfg, path);
			const doc: unknown = empty
				? {
						apiVersion: 'v1',
						clusters: null,
						contexts: null,
						'current-context': '',
						kind: 'Config',
						preferences: {},
						users: null
					}
				: parse(ctx.vfs.read(path) ?? '');
			const shown = bool(flags, 'minify') ? minify(doc, str(flags, 'context')) : sortedByName(doc);
			if (typeof shown === 'string') {
				io.stderr(`error: ${shown}\n`);
				return 1;
			}
			return printView(io, shown, str(flags, 'output') ?? '');
		}
		case undefined:
			io.stdout(SUBCOMMANDS);
			return 0;
		default:
			io.stderr(
				`error: unknown command "${sub}" for "kubectl config"\nRun 'kubectl config --help' for usage.\n`
			);
			return 1;
	}
}

export const configVerb: KubectlVerb = {
	name: 'config',
	summary: 'Modify kubeconfig files',
	run
};
