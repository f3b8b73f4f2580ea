/**
 * `istioctl ztunnel-config log`: POSTs ztunnel's admin `/logging` on every ztunnel (or the one
 * named) and prints each answer under `<pod>.<namespace>:`. Mirrors istio 1.30.3
 * istioctl/pkg/ztunnelconfig/ztunnelconfig.go logCmd and setupZtunnelLogs: `--level` is checked
 * against stringToLevel (`<logger>:<level>` clauses only for their level), then sent to ztunnel as
 * given (`warning` becomes `warn`, `critical` `error`), and ztunnel's own check decides: its 400
 * for `access:debug` is istioctl's `unexpected status code: 400`, reported through go-multierror.
 */
import type { Cluster } from '../../../mesh/cluster.ts';
import { isApiError } from '../../../mesh/api/errors.ts';
import { simDate } from '../../../mesh/tls/certificate.ts';
import type { CommandContext, CommandIO } from '../../command.ts';
import { bool, int, str, type FlagSpec } from '../../kubectl/flags.ts';
import { fail, istioNamespace, parseCommandFlags } from '../common.ts';
import { COMMON_FLAGS } from './flags.ts';
import type { IstioctlCommand } from '../types.ts';
import { inferPod, inferPods, isTargetError, ztunnelPod, type ZtunnelRef } from './target.ts';

/** stringToLevel. */
const LEVELS = new Set(['trace', 'debug', 'info', 'warning', 'warn', 'error', 'critical', 'off']);

const FLAGS: readonly FlagSpec[] = [
	...COMMON_FLAGS,
	{
		name: 'reset',
		short: 'r',
		type: 'bool',
		description: 'Reset levels to default value (warning).'
	},
	{
		name: 'level',
		type: 'string',
		description:
			'Comma-separated minimum per-logger level of messages to output, in the form of [<logger>:]<level>,[<logger>:]<level>,... or <level> to change all active loggers, where logger components can be listed by running "istioctl ztunnel-config log <pod-name[.namespace]>"or referred from https://github.com/istio/ztunnel/blob/master/src/telemetry.rs, and level can be one of [trace, debug, info, warning, error, critical, off]'
	}
];

/** The first clause stringToLevel does not know, as istioctl reports it. */
function unknownLevel(spec: string): string | undefined {
	for (const ol of spec.split(',')) {
		if (!ol.includes(':') && !ol.includes('=')) {
			if (!LEVELS.has(ol)) return ol;
			continue;
		}
		const last = ol.split('::').at(-1) as string;
		const [, lv = ''] = last.split(/[:=](.*)/s);
		if (!LEVELS.has(lv)) return lv;
	}
	return undefined;
}

/** ztunnelLogLevel: only a whole `warning` or `critical` is translated. */
const ztunnelLevel = (l: string): string =>
	l === 'warning' ? 'warn' : l === 'critical' ? 'error' : l;

/** kubeClient.EnvoyDoWithPort: POST through a port-forward; anything but 200 is an error. */
async function post(
	cluster: Cluster,
	ref: ZtunnelRef,
	path: string,
	port: number
): Promise<string | { error: string }> {
	const url = `http://localhost:${port}/${path}`;
	const argv = ['curl', '-s', '-S', '-X', 'POST', '-w', '\n%{http_code}', url];
	const r = await cluster.exec(ref.namespace, ref.name, 'istio-proxy', argv, '');
	const failed = (why: string) => ({
		error: `failed to execute command on Ztunnel: failure running port forward process: ${why}`
	});
	if (isApiError(r)) return failed(r.message);
	if (r.exitCode !== 0) return failed(r.stderr.trim() || `curl exited with code ${r.exitCode}`);
	const cut = r.stdout.lastIndexOf('\n');
	const status = r.stdout.slice(cut + 1);
	if (status !== '200')
		return { error: `failed to execute command on Ztunnel: unexpected status code: ${status}` };
	return r.stdout.slice(0, cut);
}

export const ztunnelLogCommand: IstioctlCommand = {
	name: 'log',
	aliases: ['o'],
	summary: 'Retrieves logging levels of the Ztunnel instance in the specified pod.',
	usage: 'istioctl ztunnel-config log [<type>/]<name>[.<namespace>] [flags]',
	flags: FLAGS,
	async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
		const flags = parseCommandFlags(io, argv, FLAGS);
		if (typeof flags === 'number') return flags;
		// validateArgs counts one pod name and --node; logCmd itself reads neither beyond that.
		if (flags.positional.length === 1 && (str(flags, 'node') ?? '') !== '')
			return fail(io, 'at most one of --file, --node, or pod name must be passed');
		const level = str(flags, 'level') ?? '';
		const reset = bool(flags, 'reset');
		if (reset && level !== '') return fail(io, '--level cannot be combined with --reset');
		const output = str(flags, 'output') ?? '';
		if (output !== '' && output !== 'short')
			return fail(io, '--output is not applicable for this command');
		const port = int(flags, 'proxy-admin-port') ?? 15000;
		const api = ctx.cluster.api;
		const namespace = str(flags, 'namespace') || istioNamespace(flags);
		let pods: ZtunnelRef[];
		// `len(args) == 1`: one pod name; none (or several) means every ztunnel.
		const named = flags.positional.length === 1 ? flags.positional[0] : undefined;
		if (named !== undefined) {
			const ref = inferPod(api, named, namespace);
			if (isTargetError(ref)) return fail(io, ref.error);
			if (!ztunnelPod(api, ref))
				return fail(io, `workloads command is only supported by Ztunnel proxies: ${ref.name}`);
			pods = [ref];
		} else {
			const all = inferPods(api, 'daemonset/ztunnel', istioNamespace(flags));
			if (isTargetError(all)) return fail(io, all.error);
			pods = all;
		}
		const bad = level === '' ? undefined : unknownLevel(level);
		if (bad !== undefined) return fail(io, `unrecognized logging level: ${bad}`);
		let sent = level;
		if (reset) {
			const stamp = simDate(ctx.cluster.now()).toISOString().replace(/Z$/, '000Z');
			// istioctl logs through pkg/log, whose default output is stdout (log/options.go).
			io.stdout(`${stamp}\twarn\tlog level reset; using default value "info" for Ztunnel\n`);
			sent = 'info';
		}
		const query = `level=${ztunnelLevel(sent)}${reset ? '&reset' : ''}`;
		// go-multierror.Append(err) without the list: only the last failure is kept (as 1.30.3 does).
		let lastError: string | undefined;
		for (const pod of pods) {
			const r = await post(ctx.cluster, pod, `logging?${query}`, port);
			if (typeof r === 'string') io.stdout(`${pod.name}.${pod.namespace}:\n${r}\n`);
			else lastError = `${pod.name}.${pod.namespace}: ${r.error}`;
		}
		if (lastError !== undefined) {
			io.stderr(`Error: 1 error occurred:\n\t* ${lastError}\n\n\n`);
			return 1;
		}
		return 0;
	}
};
