/**
 * `kubectl cluster-info`. Real kubectl always colours these lines (green name, yellow URL), even
 * when piped; we do the same so `| cat` shows what a learner would see.
 */
import { isApiError } from '../../mesh/api/errors.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { str } from './flags.ts';
import { API_SERVER_URL, loadKubeconfig } from './kubeconfig.ts';
import { parseVerbFlags, type KubectlVerb } from './verb.ts';

const green = (s: string): string => `\x1b[0;32m${s}\x1b[0m`;
const yellow = (s: string): string => `\x1b[0;33m${s}\x1b[0m`;

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseVerbFlags(io, 'cluster-info', argv, []);
	if (typeof flags === 'number') return flags;
	if (flags.positional[0] === 'dump') {
		io.stderr('error: cluster-info dump is not supported in Mesh Playground\n');
		return 1;
	}
	const api = ctx.cluster.api; // resolves --context first: a bad one prints nothing else
	const cfg = loadKubeconfig(ctx.vfs, str(flags, 'kubeconfig') || undefined);
	const name = str(flags, 'context') || cfg.currentContext;
	const cluster = cfg.contexts.find((c) => c.name === name)?.cluster;
	const server = cfg.clusters.find((c) => c.name === cluster)?.server ?? API_SERVER_URL;
	io.stdout(`${green('Kubernetes control plane')} is running at ${yellow(server)}\n`);
	const services = api.resolve('services');
	const dns = services && api.get(services, 'kube-system', 'kube-dns');
	if (dns && !isApiError(dns)) {
		const url = `${server}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy`;
		io.stdout(`${green('CoreDNS')} is running at ${yellow(url)}\n`);
	}
	io.stdout(`\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
	return 0;
}

export const clusterInfoVerb: KubectlVerb = {
	name: 'cluster-info',
	summary: 'Display cluster information',
	group: 'Cluster Management Commands',
	run
};
