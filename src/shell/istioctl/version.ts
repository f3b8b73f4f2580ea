/**
 * `istioctl version`: the client version, then what the cluster runs (pkg/version/cobra.go with
 * istioctl's `--short` and `--remote` forced on). Before install it says why the control plane
 * is missing, on stderr, as getRemoteInfoWrapper does.
 */
import { stringify } from 'yaml';
import { ISTIO_GIT_REVISION, ISTIO_VERSION } from '../../mesh/istio/version.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str } from '../kubectl/flags.ts';
import {
	connectedProxies,
	fail,
	istioNamespace,
	parseCommandFlags,
	podVersion,
	runningIstiods,
	type ProxyInfo
} from './common.ts';
import type { IstioctlCommand } from './types.ts';
import type { ApiServer } from '../../mesh/api/api-server.ts';
import { KubeContextError } from '../kube-context.ts';

const FLAGS = [
	{
		name: 'short',
		short: 's',
		type: 'bool',
		default: true,
		description: 'Use --short=false to generate full version information'
	},
	{ name: 'output', short: 'o', type: 'string', description: "One of 'yaml' or 'json'." },
	{
		name: 'remote',
		type: 'bool',
		default: true,
		description: 'Use --remote=false to suppress control plane check'
	},
	{ name: 'revision', short: 'r', type: 'string' }
] as const;

/** Go BuildInfo, as `-o json` prints it. */
function buildInfo(version: string): Record<string, string> {
	return {
		version,
		revision: ISTIO_GIT_REVISION,
		golang_version: 'go1.25.9',
		status: 'Clean',
		tag: version
	};
}

/** renderProxyVersions: `1.30.3 (2 proxies)`, versions sorted, or `none`. */
export function renderProxyVersions(proxies: readonly ProxyInfo[]): string {
	if (proxies.length === 0) return 'none';
	const counts = new Map<string, number>();
	for (const p of proxies) counts.set(p.version, (counts.get(p.version) ?? 0) + 1);
	return [...counts.keys()]
		.sort()
		.map((v) => `${v} (${counts.get(v)} proxies)`)
		.join(', ');
}

function reachableApi(ctx: CommandContext): ApiServer | undefined {
	try {
		return ctx.cluster.api;
	} catch (e) {
		if (e instanceof KubeContextError) return undefined;
		throw e;
	}
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseCommandFlags(io, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const output = str(flags, 'output') ?? '';
	if (output !== '' && output !== 'yaml' && output !== 'json')
		return fail(io, "--output must be 'yaml' or 'json'");
	const remote = flags.values.has('remote') ? bool(flags, 'remote') : true;

	const namespace = istioNamespace(flags);
	// pkg/version/cobra.go drops GetRemoteVersion's error: a context that does not resolve
	// leaves the client version alone (istioctl/pkg/version: the client error is returned).
	const api = remote ? reachableApi(ctx) : undefined;
	const istiods = api ? runningIstiods(api, namespace) : [];
	if (api && istiods.length === 0)
		io.stderr(
			`Istio is not present in the cluster: no running Istio pods in namespace "${namespace}"\n`
		);
	const mesh = istiods.map((p) => ({
		component: p.metadata.labels?.['istio'] ?? 'pilot',
		version: podVersion(p),
		revision: p.metadata.labels?.['istio.io/rev'] ?? ''
	}));
	// Without istiod there is no one to ask for proxies: nothing is printed for the data plane.
	const proxies = api && istiods.length > 0 ? connectedProxies(api, namespace) : undefined;

	if (output !== '') {
		const doc: Record<string, unknown> = { clientVersion: buildInfo(ISTIO_VERSION) };
		if (mesh.length > 0)
			doc.meshVersion = mesh.map((m) => ({
				Component: m.component,
				Revision: m.revision,
				Info: buildInfo(m.version)
			}));
		if (proxies) doc.dataPlaneVersion = proxies.map((p) => ({ ID: p.id, IstioVersion: p.version }));
		io.stdout(output === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : `${stringify(doc)}\n`);
		return 0;
	}

	io.stdout(`client version: ${ISTIO_VERSION}\n`);
	// coalesceVersions: identical versions print once, as "control plane".
	const identical = mesh.length > 0 && mesh.every((m) => m.version === mesh[0]?.version);
	if (identical) io.stdout(`control plane version: ${mesh[0]?.version}\n`);
	else for (const m of mesh) io.stdout(`${m.component} version: ${m.version}\n`);
	if (proxies) io.stdout(`data plane version: ${renderProxyVersions(proxies)}\n`);
	return 0;
}

export const versionCommand: IstioctlCommand = {
	name: 'version',
	summary: 'Prints out build version information',
	usage: 'istioctl version [flags]',
	flags: FLAGS,
	run
};
