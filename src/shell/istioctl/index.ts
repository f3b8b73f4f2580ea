/**
 * `istioctl`: finds the subcommand the way cobra does (root flags may come first) and hands it
 * the rest of argv. One file per subcommand; `experimental` (`x`, `exp`) holds `precheck`. Help
 * and errors use cobra's layout and wording (`Error: unknown command "foo" for "istioctl"`; under
 * a parent, an unknown word prints the parent's help as cobra does).
 * Commands from later work (waypoint, ztunnel-config …) join by being added to COMMANDS.
 */
import { tagCommand } from './tag.ts';
import { KubeContextError, scanFlag, withKubeContext } from '../kube-context.ts';
import { commandIndex as cobraCommandIndex, suggestionsFor } from '../cobra.ts';
import type { Command, CommandContext, CommandIO } from '../command.ts';
import type { FlagSpec } from '../kubectl/flags.ts';
import { analyzeCommand } from './analyze.ts';
import { createRemoteSecretCommand } from './create-remote-secret.ts';
import { dashboardCommand } from './dashboard.ts';
import { describeCommand } from './describe.ts';
import { fail, ROOT_FLAGS } from './common.ts';
import { installCommand } from './install.ts';
import { kubeInjectCommand } from './kube-inject.ts';
import { precheckCommand } from './precheck.ts';
import { remoteClustersCommand } from './remote-clusters.ts';
import { proxyConfigCommand } from './proxy-config.ts';
import { proxyStatusCommand } from './proxy-status.ts';
import type { IstioctlCommand } from './types.ts';
import { uninstallCommand } from './uninstall.ts';
import { validateCommand } from './validate.ts';
import { upgradeCommand } from './upgrade.ts';
import { versionCommand } from './version.ts';
import { waypointCommand } from './waypoint.ts';
import { ztunnelConfigCommand } from './ztunnel-config.ts';
import { loadValidationEngine } from '../../mesh/api/validation-engine.ts';

/**
 * The rest of 1.30.3's `experimental` tree (istioctl/cmd/root.go), so its help lists what the
 * real one lists; of them only describe and precheck are simulated, the others say so.
 */
const EXPERIMENTAL_NOT_SIMULATED: readonly (readonly [string, string])[] = [
	['authz', 'Inspect Istio AuthorizationPolicy'],
	[
		'check-inject',
		'Check the injection status or inject-ability of a given resource, explains why it is (or will be) injected or not'
	],
	['config', 'Configure istioctl defaults'],
	['envoy-stats', 'Retrieves Envoy metrics in the specified pod'],
	['injector', 'List sidecar injector and sidecar versions'],
	['internal-debug', 'Retrieves the debug information of istio'],
	['metrics', 'Prints the metrics for the specified workload(s) when running in Kubernetes.'],
	['proxy-status', 'Retrieves the synchronization status of each Envoy in the mesh'],
	['version', 'Prints out build version information'],
	[
		'workload',
		'Commands to assist in configuring and deploying workloads running on VMs and other non-Kubernetes environments'
	]
];

/**
 * The root commands of 1.30.3 the playground does not simulate (istioctl/cmd/root.go, with
 * each command's `Short`), so `istioctl --help` lists what the real one lists and running one
 * says so rather than "unknown command".
 */
const ROOT_NOT_SIMULATED: readonly (readonly [string, string])[] = [
	['admin', 'Manage control plane (istiod) configuration'],
	['bug-report', 'Cluster information and log capture support tool.'],
	['completion', 'Generate the autocompletion script for the specified shell'],
	['manifest', 'Commands related to Istio manifests']
];

function notSimulated(name: string, summary: string, parent?: 'experimental'): IstioctlCommand {
	const path = parent ? `${parent} ${name}` : name;
	const which = parent ? ' (of the experimental commands, only describe and precheck are)' : '';
	return {
		name,
		summary,
		usage: `istioctl ${path} [flags]`,
		flags: [],
		run: async (_argv, io) => {
			io.stderr(`Error: istioctl ${path} is not simulated in this playground${which}\n`);
			return 1;
		}
	};
}

const experimentalCommand: IstioctlCommand = {
	name: 'experimental',
	aliases: ['x', 'exp'],
	summary: 'Experimental commands that may be modified or deprecated',
	usage: 'istioctl experimental [command]',
	flags: [],
	subcommands: [
		describeCommand,
		precheckCommand,
		...EXPERIMENTAL_NOT_SIMULATED.map(([name, summary]) =>
			notSimulated(name, summary, 'experimental')
		)
	]
};

export const COMMANDS: readonly IstioctlCommand[] = [
	analyzeCommand,
	createRemoteSecretCommand,
	dashboardCommand,
	experimentalCommand,
	installCommand,
	kubeInjectCommand,
	proxyConfigCommand,
	proxyStatusCommand,
	remoteClustersCommand,
	tagCommand,
	uninstallCommand,
	upgradeCommand,
	validateCommand,
	versionCommand,
	waypointCommand,
	ztunnelConfigCommand,
	...ROOT_NOT_SIMULATED.map(([name, summary]) => notSimulated(name, summary))
];

const ROOT_LONG = `Istio configuration command line utility for service operators to
debug and diagnose their Istio mesh.
`;

function flagLines(flags: readonly FlagSpec[]): string {
	const left = (f: FlagSpec): string => {
		const type =
			f.type === 'bool'
				? ''
				: ` ${f.typeName ?? (f.type === 'stringArray' ? 'stringArray' : f.type)}`;
		return `${f.short ? `-${f.short}, ` : '    '}--${f.name}${type}`;
	};
	const width = Math.max(...flags.map((f) => left(f).length)) + 3;
	return flags
		.map((f) => `  ${left(f).padEnd(width)}${f.description ?? ''}`.trimEnd() + '\n')
		.join('');
}

/** cobra's usage template: Usage, Aliases, Available Commands, Flags. */
export function helpFor(path: readonly string[], cmd: IstioctlCommand | undefined): string {
	const subs = cmd ? (cmd.subcommands ?? []) : COMMANDS;
	let out = cmd ? `${(cmd.long ?? cmd.summary).trimEnd()}\n\n` : `${ROOT_LONG}\n`;
	out += 'Usage:\n';
	if (!cmd || cmd.run || cmd.runnable) out += `  ${cmd ? cmd.usage : 'istioctl [command]'}\n`;
	if (subs.length > 0 && cmd) out += `  ${['istioctl', ...path].join(' ')} [command]\n`;
	if (cmd?.aliases) out += `\nAliases:\n  ${[cmd.name, ...cmd.aliases].join(', ')}\n`;
	if (cmd?.example) out += `\nExamples:\n${cmd.example}\n`;
	if (subs.length > 0) {
		const entries = [...subs.map((s) => [s.name, s.summary] as const)];
		if (!cmd) entries.push(['help', 'Help about any command']);
		entries.sort((a, b) => a[0].localeCompare(b[0]));
		const pad = Math.max(11, ...entries.map(([n]) => n.length));
		out += '\nAvailable Commands:\n';
		for (const [n, s] of entries) out += `  ${n.padEnd(pad)} ${s}\n`;
	}
	const own = cmd ? cmd.flags.filter((f) => f.description !== undefined) : [];
	const help: FlagSpec = {
		name: 'help',
		short: 'h',
		type: 'bool',
		description: `help for ${cmd ? cmd.name : 'istioctl'}`
	};
	const flags = cmd ? [...own, help] : ROOT_FLAGS;
	out += `\nFlags:\n${flagLines(flags)}`;
	const hidden = new Set(['help', ...(cmd?.hiddenGlobalFlags ?? [])]);
	if (cmd) out += `\nGlobal Flags:\n${flagLines(ROOT_FLAGS.filter((f) => !hidden.has(f.name)))}`;
	if (subs.length > 0)
		out += `\nUse "${['istioctl', ...path].join(' ')} [command] --help" for more information about a command.\n`;
	return out;
}

/** Root flags that never take a value, so the next word is not eaten as one. */
const BOOL_ROOT = new Set(['-h', '--help']);

/** cobra's stripFlags + Find: the index of the subcommand in argv, or -1. */
export function commandIndex(argv: readonly string[]): number {
	return cobraCommandIndex(argv, { boolFlags: BOOL_ROOT });
}

function find(list: readonly IstioctlCommand[], name: string): IstioctlCommand | undefined {
	return list.find((c) => c.name === name || (c.aliases ?? []).includes(name));
}

function unknown(
	io: CommandIO,
	name: string,
	path: readonly string[],
	list: readonly IstioctlCommand[]
): number {
	const suggestions = suggestionsFor(
		name,
		list.map((c) => c.name)
	);
	const did =
		suggestions.length > 0
			? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}\n`
			: '\n';
	const where = ['istioctl', ...path].join(' ');
	io.stderr(
		`Error: unknown command "${name}" for "${where}"${did}Run '${where} --help' for usage.\n`
	);
	return 1;
}

async function dispatch(
	argv: readonly string[],
	path: string[],
	parent: IstioctlCommand | undefined,
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const list = parent ? (parent.subcommands ?? []) : COMMANDS;
	const at = commandIndex(argv);
	const wantsHelp = argv.includes('--help') || argv.includes('-h');
	if (at < 0) {
		io.stdout(helpFor(path, parent));
		return 0;
	}
	const name = argv[at] as string;
	const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
	if (name === 'help' && !parent) {
		const target = rest.filter((a) => !a.startsWith('-'));
		let cmd: IstioctlCommand | undefined;
		const names: string[] = [];
		for (const t of target) {
			const next = find(cmd ? (cmd.subcommands ?? []) : COMMANDS, t);
			if (!next) break;
			cmd = next;
			names.push(next.name);
		}
		io.stdout(helpFor(names, cmd));
		return 0;
	}
	const cmd = find(list, name);
	if (!cmd) {
		if (!parent) return unknown(io, name, path, list);
		const refused = parent.argsError?.(name);
		if (refused === undefined) {
			// cobra's legacyArgs checks subcommand names only on the root: a parent without Args
			// or Run takes any words and prints its help (spf13/cobra v1.10.2 args.go, execute's
			// flag.ErrHelp), so `istioctl x waypoint list` prints experimental's help.
			io.stdout(helpFor(path, parent));
			return 0;
		}
		io.stderr(`Error: ${refused}\n`);
		return 1;
	}
	if (cmd.subcommands && cmd.subcommands.length > 0)
		return dispatch(rest, [...path, cmd.name], cmd, io, ctx);
	if (wantsHelp || !cmd.run) {
		io.stdout(helpFor([...path, cmd.name], cmd));
		return 0;
	}
	try {
		await loadValidationEngine(); // istioctl writes CRDs and Gateways: validate them too
		// The cluster is resolved from --context/--kubeconfig (-c) when the command first reads it;
		// a bad one ends it with client-go's error, as pkg/kube DefaultRestConfig wraps it.
		const cluster = withKubeContext(ctx, {
			context: scanFlag(argv, ['--context']),
			kubeconfig: scanFlag(argv, ['--kubeconfig', '-c'])
		});
		return await cmd.run(rest, io, cluster);
	} catch (e) {
		if (e instanceof KubeContextError && !e.dial)
			return fail(io, `failed to setup client: ${e.message}`);
		// A bug in a subcommand must not take the shell down.
		io.stderr(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
		return 1;
	}
}

export const istioctlCommand: Command = {
	name: 'istioctl',
	summary: 'Istio configuration command line utility',
	run: (argv, io, ctx) => dispatch(argv, [], undefined, io, ctx)
};
