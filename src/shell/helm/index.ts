/**
 * `helm`, the Helm 3 CLI shape (cmd/helm/root.go): `repo add|update|list|remove`, `install`,
 * `upgrade [--install]`, `uninstall` (`delete`), `list` (`ls`), `status`, `get
 * values|manifest|notes`, `show values|chart`, `template`. Charts come from Istio's repository only (repo.ts,
 * charts.ts); releases are stored as helm stores them (releases.ts).
 */
import type { Command, CommandContext, CommandIO } from '../command.ts';
import { KubeContextError, scanFlag, withKubeContext } from '../kube-context.ts';
import { fail } from './common.ts';
import { runGet, runShow } from './get.ts';
import { runHistory } from './history.ts';
import { runInstall, runTemplate, runUpgrade } from './install.ts';
import { runList } from './list.ts';
import { runRepo } from './repo.ts';
import { runRollback } from './rollback.ts';
import { runStatus } from './status.ts';
import { runUninstall } from './uninstall.ts';

type Run = (argv: readonly string[], io: CommandIO, ctx: CommandContext) => Promise<number>;

interface Subcommand {
	readonly name: string;
	readonly aliases: readonly string[];
	readonly summary: string;
	readonly run: Run;
}

/** The subcommands simulated, with cobra's Short lines. */
export const HELM_SUBCOMMANDS: readonly Subcommand[] = [
	{
		name: 'get',
		aliases: [],
		summary: 'download extended information of a named release',
		run: runGet
	},
	{
		name: 'history',
		aliases: ['hist'],
		summary: 'fetch release history',
		run: runHistory
	},
	{ name: 'install', aliases: [], summary: 'install a chart', run: runInstall },
	{ name: 'list', aliases: ['ls'], summary: 'list releases', run: runList },
	{
		name: 'repo',
		aliases: [],
		summary: 'add, list, remove, update, and index chart repositories',
		run: runRepo
	},
	{
		name: 'rollback',
		aliases: [],
		summary: 'roll back a release to a previous revision',
		run: runRollback
	},
	{ name: 'show', aliases: ['inspect'], summary: 'show information of a chart', run: runShow },
	{
		name: 'status',
		aliases: [],
		summary: 'display the status of the named release',
		run: runStatus
	},
	{ name: 'template', aliases: [], summary: 'locally render templates', run: runTemplate },
	{
		name: 'uninstall',
		aliases: ['del', 'delete', 'un'],
		summary: 'uninstall a release',
		run: runUninstall
	},
	{ name: 'upgrade', aliases: [], summary: 'upgrade a release', run: runUpgrade }
];

/** Real helm subcommands the playground does not simulate: said plainly, not "unknown". */
const NOT_SIMULATED = [
	'completion',
	'create',
	'dependency',
	'env',
	'lint',
	'package',
	'plugin',
	'pull',
	'push',
	'registry',
	'search',
	'test',
	'verify',
	'version'
];

function help(): string {
	const width = Math.max(...HELM_SUBCOMMANDS.map((c) => c.name.length)) + 2;
	return `The Kubernetes package manager

Usage:
  helm [command]

Available Commands:
${HELM_SUBCOMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Flags:
      --debug                 enable verbose output
  -h, --help                  help for helm
      --kube-context string   name of the kubeconfig context to use
  -n, --namespace string      namespace scope for this request

Use "helm [command] --help" for more information about a command.
`;
}

/**
 * A subcommand with its cluster read through `--kube-context`/`--kubeconfig`; a bad one fails
 * where helm's kube client first dials (pkg/kube client.go IsReachable wraps it as "Kubernetes
 * cluster unreachable"; install and upgrade add their FAILED prefix).
 */
async function runWithContext(
	command: (typeof HELM_SUBCOMMANDS)[number],
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const cluster = withKubeContext(ctx, {
		context: scanFlag(argv, ['--kube-context']),
		kubeconfig: scanFlag(argv, ['--kubeconfig'])
	});
	try {
		return await command.run(argv, io, cluster);
	} catch (e) {
		if (!(e instanceof KubeContextError)) throw e;
		const prefix =
			command.name === 'install'
				? 'INSTALLATION FAILED: '
				: command.name === 'upgrade'
					? 'UPGRADE FAILED: '
					: '';
		return fail(io, `${prefix}Kubernetes cluster unreachable: ${e.message}`);
	}
}

export const helmCommand: Command = {
	name: 'helm',
	summary: "The Kubernetes package manager (Istio's charts)",
	async run(argv, io, ctx) {
		const [sub, ...rest] = argv;
		if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
			io.stdout(help());
			return 0;
		}
		const command = HELM_SUBCOMMANDS.find((c) => c.name === sub || c.aliases.includes(sub));
		if (command) return runWithContext(command, rest, io, ctx);
		if (NOT_SIMULATED.includes(sub))
			return fail(io, `"helm ${sub}" is not simulated in the playground`);
		return fail(io, `unknown command "${sub}" for "helm"\nRun 'helm --help' for usage.`);
	}
};
