/**
 * `istioctl analyze` (istioctl/pkg/analyze/analyze.go, 1.30.3) against the live cluster: runs
 * the analyzers in analyze/analyzers.ts, keeps the messages of the selected namespace (plus
 * cluster-scoped ones, as filterMessages does; `-A` keeps all), prints them in diag's log format
 * and exits 79 (ExitAnalyzerFoundIssues) when one reaches --failure-threshold. Analyzing local
 * files, suppressions and the other analyzers of istioctl are not here: their flags fail loudly.
 */
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str } from '../kubectl/flags.ts';
import { ANALYZERS, IGNORED_NAMESPACES, type Inputs } from './analyze/analyzers.ts';
import { LEVEL_ORDER, render, sortedDeduped, type Level } from './analyze/messages.ts';
import { fail, parseCommandFlags } from './common.ts';
import type { IstioctlCommand } from './types.ts';

const CONFIG_ANALYSIS_URL = 'https://istio.io/v1.30/docs/reference/config/analysis';
/** istioctl/cmd/sysexits.go ExitAnalyzerFoundIssues. */
const EXIT_FOUND_ISSUES = 79;
const LEVELS: readonly Level[] = ['Info', 'Warning', 'Error'];

const FLAGS = [
	{ name: 'all-namespaces', short: 'A', type: 'bool', description: 'Analyze all namespaces' },
	{
		name: 'failure-threshold',
		type: 'string',
		description:
			'The severity level of analysis at which to set a non-zero exit code. Valid values: [Info Warning Error] (default Error)'
	},
	{
		name: 'output-threshold',
		type: 'string',
		description:
			'The severity level of analysis at which to display messages. Valid values: [Info Warning Error] (default Info)'
	},
	{
		name: 'list-analyzers',
		short: 'L',
		type: 'bool',
		description: 'List the analyzers available to run. Suppresses normal execution.'
	},
	{
		name: 'output',
		short: 'o',
		type: 'string',
		description: 'Output format: one of [log json yaml] (default "log")'
	},
	{ name: 'color', type: 'bool', description: "Default true. Disable with '=false'" },
	{
		name: 'use-kube',
		short: 'k',
		type: 'bool',
		description:
			'Use live Kubernetes cluster for analysis. Set --use-kube=false to analyze files only. (default true)'
	}
] as const;

function parseLevel(value: string | undefined, fallback: Level): Level | string {
	if (value === undefined) return fallback;
	const level = LEVELS.find((l) => l.toLowerCase() === value.toLowerCase());
	return (
		level ??
		`invalid argument "${value}" for "--failure-threshold" flag: ${value} not a valid option, should be one of [Info Warning Error]`
	);
}

function listAnalyzers(): string {
	return [...ANALYZERS]
		.sort((a, b) => (a.name < b.name ? -1 : 1))
		.map((a) => `* ${a.name}:\n    ${a.description}\n`)
		.join('');
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseCommandFlags(io, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	if (bool(flags, 'list-analyzers')) {
		io.stdout(`Available analyzers:\n${listAnalyzers()}`);
		return 0;
	}
	if (flags.positional.length > 0)
		return fail(
			io,
			'analyzing files is not supported in Mesh Playground: apply them with kubectl, then run istioctl analyze'
		);
	const output = str(flags, 'output') ?? 'log';
	if (output !== 'log' && output !== 'json')
		return fail(io, `output format "${output}" is not supported here: use log or json`);
	const failure = parseLevel(str(flags, 'failure-threshold'), 'Error');
	if (!LEVELS.includes(failure as Level)) return fail(io, failure);
	const shown = parseLevel(str(flags, 'output-threshold'), 'Info');
	if (!LEVELS.includes(shown as Level))
		return fail(io, (shown as string).replace('--failure-threshold', '--output-threshold'));

	const api = ctx.cluster.api;
	const all = bool(flags, 'all-namespaces');
	const namespace = str(flags, 'namespace') || 'default';
	const nsType = api.resolve('namespaces');
	if (!all && nsType && isApiError(api.get(nsType, undefined, namespace))) {
		io.stderr(`namespace "${str(flags, 'namespace') ?? ''}" not found\n`);
		return 0;
	}
	const inputs: Inputs = {
		list(kind) {
			const type = api.resolve(kind);
			if (!type) return [];
			const objs = api.list(type);
			if (isApiError(objs)) return [];
			// Analysis never reads Kubernetes' own namespaces (inject.IgnoredNamespaces).
			return objs.filter(
				(o: KubeObject) =>
					!IGNORED_NAMESPACES.includes(o.metadata.namespace ?? '') &&
					!(o.kind === 'Namespace' && IGNORED_NAMESPACES.includes(o.metadata.name))
			);
		}
	};
	const messages = sortedDeduped(ANALYZERS.flatMap((a) => a.analyze(inputs))).filter(
		(m) => all || m.origin.namespace === '' || m.origin.namespace === namespace
	);
	const visible = messages.filter((m) => LEVEL_ORDER[m.type.level] <= LEVEL_ORDER[shown as Level]);
	const target = all ? 'all namespaces' : `namespace: ${namespace}`;
	if (output === 'json') {
		const json = visible.map((m) => ({
			code: m.type.code,
			documentationUrl: `${CONFIG_ANALYSIS_URL}/${m.type.code.toLowerCase()}/?ref=istioctl-analyze`,
			level: m.type.level,
			message: m.text,
			origin: `${m.origin.kind} ${m.origin.namespace ? `${m.origin.namespace}/` : ''}${m.origin.name}`
		}));
		io.stdout(`${JSON.stringify(json, null, '\t')}\n`);
		return 0;
	}
	io.stdout(`${visible.map(render).join('\n')}\n`);
	if (visible.length === 0)
		io.stderr(`\u2714 No validation issues found when analyzing ${target}.\n`);
	if (messages.some((m) => LEVEL_ORDER[m.type.level] <= LEVEL_ORDER[failure as Level])) {
		io.stderr(
			`Error: Analyzers found issues when analyzing ${target}.\nSee ${CONFIG_ANALYSIS_URL} for more information about causes and resolutions.\n`
		);
		return EXIT_FOUND_ISSUES;
	}
	return 0;
}

export const analyzeCommand: IstioctlCommand = {
	name: 'analyze',
	summary: 'Analyze Istio configuration and print validation messages',
	usage: 'istioctl analyze <file>... [flags]',
	flags: FLAGS,
	run
};
