/**
 * `istioctl remote-clusters` (istioctl/pkg/proxyconfig/clusters.go, Istio 1.30.3): asks every
 * istiod for `debug/clusterz` (AllDiscoveryDo, keyed by pod name) and prints each cluster it
 * reads — the config cluster, then one per remote secret — as NAME SECRET STATUS ISTIOD
 * (tabwriter padding 5). The page's sample output has a REVISION column 1.30.3 does not print.
 */
import type { Pod } from '../../mesh/api/objects.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { str } from '../kubectl/flags.ts';
import { tabwrite } from '../kubectl/printers/tabwriter.ts';
import { fail, istioNamespace, parseCommandFlags, runningIstiods } from './common.ts';
import type { IstioctlCommand } from './types.ts';

const FLAGS = [
	{
		name: 'revision',
		short: 'r',
		type: 'string',
		description: 'Control plane revision'
	}
] as const;

interface DebugInfo {
	readonly id: string;
	readonly secretName: string;
	readonly syncStatus: string;
}

async function clusterz(ctx: CommandContext, pod: Pod): Promise<DebugInfo[] | string> {
	const ip = pod.status?.podIP ?? '';
	const r = await ctx.cluster.exec(
		pod.metadata.namespace ?? '',
		pod.metadata.name,
		'discovery',
		['curl', '-s', '-f', `http://${ip}:15014/debug/clusterz`],
		''
	);
	if (isApiError(r)) return r.message;
	if (r.exitCode !== 0) return `received unsuccessful status code 400 from ${pod.metadata.name}`;
	try {
		const parsed: unknown = JSON.parse(r.stdout);
		return Array.isArray(parsed) ? (parsed as DebugInfo[]) : [];
	} catch (e) {
		return e instanceof Error ? e.message : String(e);
	}
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseCommandFlags(io, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const revision = str(flags, 'revision');
	if (revision !== undefined && revision !== '' && revision !== 'default')
		return fail(io, 'revisions are not simulated: only the default revision is');
	const pods = runningIstiods(ctx.cluster.api, istioNamespace(flags));
	if (pods.length === 0) return fail(io, 'unable to find any Istiod instances');
	let text = 'NAME\tSECRET\tSTATUS\tISTIOD\n';
	for (const pod of pods) {
		const infos = await clusterz(ctx, pod);
		if (typeof infos === 'string') return fail(io, infos);
		for (const c of infos)
			text += `${c.id}\t${c.secretName}\t${c.syncStatus}\t${pod.metadata.name}\n`;
	}
	io.stdout(tabwrite(text, { minwidth: 0, padding: 5 }));
	return 0;
}

export const remoteClustersCommand: IstioctlCommand = {
	name: 'remote-clusters',
	summary: 'Lists the remote clusters each istiod instance is connected to.',
	usage: 'istioctl remote-clusters [flags]',
	flags: FLAGS,
	run
};
