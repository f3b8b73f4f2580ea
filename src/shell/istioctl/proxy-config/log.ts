/**
 * `istioctl proxy-config log`: the logging levels of the Envoy in a pod, and `--level` / `-r` to
 * change them. Mirrors proxyconfig.go logCmd: `<level>` sets every logger, `<logger>:<level>`
 * one; each pod of `deploy/NAME` is asked, and each answer printed under `<pod>.<namespace>:`.
 */
import type { CommandContext, CommandIO } from '../../command.ts';
import { bool, int, str, type FlagSpec } from '../../kubectl/flags.ts';
import { fail, parseCommandFlags } from '../common.ts';
import type { IstioctlCommand } from '../types.ts';
import { inferPods, isTargetError } from '../ztunnel-config/target.ts';
import { envoyDo, type PodRef } from './target.ts';
import { isApiError } from '../../../mesh/api/errors.ts';

/** stringToLevel. */
const LEVELS: Record<string, string> = {
	trace: 'trace',
	debug: 'debug',
	info: 'info',
	warning: 'warning',
	warn: 'warning',
	error: 'error',
	critical: 'critical',
	off: 'off'
};

const FLAGS: readonly FlagSpec[] = [
	{
		name: 'output',
		short: 'o',
		type: 'string',
		description: 'Output format: one of json|yaml|short (default "short")'
	},
	{ name: 'proxy-admin-port', type: 'int', description: 'Envoy proxy admin port (default 15000)' },
	{
		name: 'reset',
		short: 'r',
		type: 'bool',
		description: 'Reset levels to default value (warning).'
	},
	{ name: 'selector', short: 'l', type: 'string', description: 'Label selector' },
	{
		name: 'level',
		type: 'string',
		description:
			'Comma-separated minimum per-logger level of messages to output, in the form of [<logger>:]<level>,[<logger>:]<level>,... or <level> to change all active loggers'
	}
];

/** The `level=` parameters to POST, or the error istioctl gives. */
function levelParams(spec: string, loggers: string): string[] | { error: string } {
	const all: string[] = [];
	const some: string[] = [];
	for (const ol of spec.split(',')) {
		if (!ol.includes(':') && !ol.includes('=')) {
			const level = LEVELS[ol];
			if (!level) return { error: `unrecognized logging level: ${ol}` };
			all.splice(0, all.length, `level=${level}`);
			continue;
		}
		const last = ol.split('::').at(-1) as string;
		const [logger = '', lv = ''] = last.split(/[:=](.*)/s);
		if (!loggers.includes(logger) && logger !== 'level')
			return { error: `unrecognized logger name: ${logger}` };
		const level = LEVELS[lv];
		if (!level) return { error: `unrecognized logging level: ${lv}` };
		if (logger === 'level') all.splice(0, all.length, `level=${level}`);
		else some.push(`${logger}=${level}`);
	}
	return [...all, ...some];
}

/** getPodNameBySelector. */
function podsForSelector(
	ctx: CommandContext,
	namespace: string,
	selector: string
): PodRef[] | { error: string } {
	const type = ctx.cluster.api.resolve('pods');
	const r = type ? ctx.cluster.api.list(type, { namespace, labelSelector: selector }) : [];
	if (isApiError(r))
		return { error: `not able to locate pod with selector ${selector}: ${r.message}` };
	return r.map((p) => ({ name: p.metadata.name, namespace }));
}

export const logCommand: IstioctlCommand = {
	name: 'log',
	aliases: ['o'],
	summary: 'Retrieves logging levels of the Envoy in the specified pod',
	usage: 'istioctl proxy-config log [<type>/]<name>[.<namespace>] [flags]',
	flags: FLAGS,
	async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
		const flags = parseCommandFlags(io, argv, FLAGS);
		if (typeof flags === 'number') return flags;
		const port = int(flags, 'proxy-admin-port') ?? 15000;
		if (port < 1 || port > 65535)
			return fail(io, `port number ${port} must be in the range 1..65535`);
		const selector = str(flags, 'selector') ?? '';
		const level = str(flags, 'level') ?? '';
		if (selector === '' && flags.positional.length < 1)
			return fail(io, 'log requires pod name or --selector');
		if (bool(flags, 'reset') && level !== '')
			return fail(io, '--level cannot be combined with --reset');
		const output = str(flags, 'output') ?? '';
		if (output !== '' && output !== 'short')
			return fail(io, '--output is not applicable for this command');
		const namespace = str(flags, 'namespace') || 'default';
		const pods =
			selector !== ''
				? podsForSelector(ctx, namespace, selector)
				: inferPods(ctx.cluster.api, flags.positional[0] as string, namespace);
		if (isTargetError(pods)) return fail(io, pods.error);
		if (pods.length === 0) return fail(io, 'no pods found');
		let status = 0;
		for (const pod of pods) {
			const loggers = await envoyDo(ctx.cluster, pod, 'GET', 'logging', port, 'Envoy');
			if (isTargetError(loggers)) return fail(io, loggers.error);
			const params = bool(flags, 'reset')
				? ['level=warning']
				: level !== ''
					? levelParams(level, loggers)
					: [];
			if ('error' in params) return fail(io, params.error);
			let resp: string = loggers;
			for (const p of params) {
				const r = await envoyDo(ctx.cluster, pod, 'POST', `logging?${p}`, port, 'Envoy');
				if (isTargetError(r)) {
					io.stderr(
						`Error: error configuring log level for ${pod.name}.${pod.namespace}: ${r.error}\n`
					);
					status = 1;
					break;
				}
				resp = r;
			}
			if (status === 0) io.stdout(`${pod.name}.${pod.namespace}:\n${resp}`);
		}
		return status;
	}
};
