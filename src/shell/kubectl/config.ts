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
			io.stdout(str(flags, 'output') === 'json' ? toJson(doc) : toYaml(doc));
			return 0;
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
