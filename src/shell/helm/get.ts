/**
 * `helm get values|manifest|notes` (cmd/helm/get_*.go) and `helm show values|chart`
 * (cmd/helm/show.go). A release's manifest is rendered again from its chart and stored values
 * (the real one is stored in the release record); `show values` prints the part of values.yaml
 * the playground honours, marked as such.
 */
import { stringify } from 'yaml';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, int } from '../kubectl/flags.ts';
import { chartVersion, findChart, type Chart } from './charts.ts';
import { argsError, fail, namespaceOf, parse } from './common.ts';
import { history } from './releases.ts';
import { helmify, installOrder, manifestText } from './render.ts';
import { readRepos } from './repo.ts';

async function runGet(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const [what, ...rest] = argv;
	if (what === undefined || !['values', 'manifest', 'notes'].includes(what)) {
		if (what === 'all' || what === 'hooks' || what === 'metadata')
			return fail(
				io,
				`"helm get ${what}" is not simulated in the playground (values, manifest and notes are)`
			);
		return fail(
			io,
			what === undefined
				? 'the playground simulates "helm get values", "helm get manifest" and "helm get notes"'
				: `unknown command "${what}" for "helm get"\nRun 'helm get --help' for usage.`
		);
	}
	const flags = parse(io, rest, [
		{ name: 'revision', type: 'int' },
		{ name: 'all', short: 'a', type: 'bool' },
		{ name: 'output', short: 'o', type: 'string' }
	]);
	if (typeof flags === 'number') return flags;
	if (flags.positional.length !== 1)
		return fail(
			io,
			argsError(`get ${what}`, '1 argument', `helm get ${what} RELEASE_NAME [flags]`)
		);
	const name = flags.positional[0] as string;
	const revisions = history(ctx.cluster.api, namespaceOf(flags, ctx.vfs), name);
	const wanted = int(flags, 'revision');
	const r = wanted ? revisions.find((x) => x.version === wanted) : revisions.at(-1);
	if (!r) return fail(io, 'release: not found');
	if (what === 'notes') {
		io.stdout(`NOTES:\n${r.notes}`);
		return 0;
	}
	if (what === 'values') {
		if (bool(flags, 'all'))
			return fail(io, '"helm get values --all" is not simulated in the playground');
		const empty = Object.keys(r.config).length === 0;
		io.stdout(
			`USER-SUPPLIED VALUES:\n${empty ? 'null\n' : stringify(r.config, { indentSeq: false })}`
		);
		return 0;
	}
	const chart = findChart(r.chart.name);
	if (!chart) return fail(io, 'release: not found');
	const objects = installOrder(
		helmify(await chart.render(r.config, r.name, r.namespace), r.name, r.namespace)
	);
	io.stdout(manifestText(chart.name, objects));
	return 0;
}

const KEYWORDS: Record<string, string[]> = {
	ambient: ['istio-cni', 'istio', 'ambient'],
	base: ['istio'],
	cni: ['istio-cni', 'istio'],
	gateway: ['istio', 'gateways'],
	istiod: ['istio', 'istiod', 'istio-discovery'],
	ztunnel: ['istio-ztunnel', 'istio']
};

/**
 * Chart.yaml as `helm show chart` prints it (sigs.k8s.io/yaml: keys sorted, lists not indented).
 * The ambient wrapper's `dependencies` list is left out: the repository URLs its release stamps in
 * are not known here.
 */
function chartYaml(chart: Chart): string {
	const meta: Record<string, unknown> = {
		apiVersion: 'v2',
		appVersion: chartVersion,
		description: chart.description,
		icon: 'https://istio.io/latest/favicons/android-192x192.png',
		keywords: KEYWORDS[chart.name] ?? [],
		...(chart.name === 'ambient' ? { kubeVersion: '>= 1.23.0-0' } : {}),
		name: chart.name,
		sources: ['https://github.com/istio/istio'],
		...(chart.name === 'ambient' || chart.name === 'gateway' ? { type: 'application' } : {}),
		version: chartVersion
	};
	return stringify(meta, { indentSeq: false });
}

async function runShow(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const [what, ...rest] = argv;
	if (what !== 'values' && what !== 'chart')
		return fail(
			io,
			what === undefined || ['all', 'readme', 'crds'].includes(what)
				? `the playground simulates "helm show values" and "helm show chart"${what ? `, not "helm show ${what}"` : ''}`
				: `unknown command "${what}" for "helm show"\nRun 'helm show --help' for usage.`
		);
	const flags = parse(io, rest, [{ name: 'version', type: 'string' }]);
	if (typeof flags === 'number') return flags;
	if (flags.positional.length !== 1)
		return fail(io, argsError(`show ${what}`, '1 argument', `helm show ${what} [CHART] [flags]`));
	const ref = flags.positional[0] as string;
	const [repoName, chartName] = ref.includes('/') ? ref.split('/', 2) : [undefined, ref];
	if (!repoName)
		return fail(io, `non-absolute URLs should be in form of repo_name/path_to_chart, got: ${ref}`);
	if (!readRepos(ctx).some((r) => r.name === repoName))
		return fail(io, `repo ${repoName} not found`);
	const chart = findChart(chartName ?? '');
	if (!chart)
		return fail(
			io,
			`chart "${chartName ?? ''}" matching  not found in ${repoName} index. (try 'helm repo update'): no chart name found`
		);
	if (what === 'chart') io.stdout(chartYaml(chart));
	else
		io.stdout(
			`# The playground's ${chart.name} chart ${chartVersion}: the values it honours (the real values.yaml has many more).\n${chart.defaults}`
		);
	return 0;
}

export { runGet, runShow };
