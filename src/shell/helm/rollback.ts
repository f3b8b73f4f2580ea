/**
 * `helm rollback <RELEASE> [REVISION]` (Helm 3 cmd/helm/rollback.go, pkg/action/rollback.go): a
 * new revision that re-deploys an earlier one's chart and values (the one before the newest when
 * no REVISION is given), described `Rollback to N`; the deployed revisions are superseded.
 */
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str } from '../kubectl/flags.ts';
import { parseGoDuration } from '../kubectl/wait.ts';
import { findChart } from './charts.ts';
import { argsError, fail, namespaceOf, parse } from './common.ts';
import { deploy, nameError } from './install.ts';
import { history } from './releases.ts';

export async function runRollback(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parse(io, argv, [
		{ name: 'wait', type: 'bool' },
		{ name: 'timeout', type: 'string' },
		{ name: 'dry-run', type: 'bool' },
		{ name: 'force', type: 'bool' },
		{ name: 'recreate-pods', type: 'bool' },
		{ name: 'no-hooks', type: 'bool' },
		{ name: 'cleanup-on-fail', type: 'bool' },
		{ name: 'wait-for-jobs', type: 'bool' },
		{ name: 'history-max', type: 'int' }
	]);
	if (typeof flags === 'number') return flags;
	const args = flags.positional;
	if (args.length === 0)
		return fail(
			io,
			argsError('rollback', 'at least 1 argument', 'helm rollback <RELEASE> [REVISION] [flags]')
		);
	for (const refused of ['dry-run', 'force', 'recreate-pods'])
		if (bool(flags, refused))
			return fail(io, `--${refused} is not simulated in the playground for "helm rollback"`);
	let wanted = 0;
	if (args.length > 1) {
		const text = args[1] as string;
		if (!/^[+-]?\d+$/.test(text))
			return fail(
				io,
				`could not convert revision to a number: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`
			);
		wanted = Number(text);
	}
	const timeout = parseGoDuration(str(flags, 'timeout') ?? '5m0s');
	if (typeof timeout === 'string') return fail(io, timeout);
	const name = args[0] as string;
	if (nameError(name)) return fail(io, `prepareRollback: Release name is invalid: ${name}`);
	if (wanted < 0) return fail(io, 'invalid release revision');
	const namespace = namespaceOf(flags, ctx.vfs);
	const revisions = history(ctx.cluster.api, namespace, name);
	const current = revisions.at(-1);
	if (!current) return fail(io, 'release: not found');
	const version = wanted === 0 ? current.version - 1 : wanted;
	const target = revisions.find((r) => r.version === version);
	if (!target) return fail(io, `release has no ${version} version`);
	const chart = findChart(target.chart.name);
	if (!chart) return fail(io, `release has no ${version} version`);
	const result = await deploy(
		ctx,
		{
			name,
			namespace,
			chart,
			values: structuredClone(target.config),
			wait: bool(flags, 'wait') || bool(flags, 'wait-for-jobs'),
			timeoutMs: timeout,
			createNamespace: false,
			hideNotes: false
		},
		current,
		version
	);
	if (result === 'aborted') return 130;
	if ('error' in result) return fail(io, result.error);
	io.stdout('Rollback was a success! Happy Helming!\n');
	return 0;
}
