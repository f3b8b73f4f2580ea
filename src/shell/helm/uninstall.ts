/**
 * `helm uninstall` (alias `delete`, `del`, `un`; pkg/action/uninstall.go): deletes the release's
 * objects in UninstallOrder except those annotated `helm.sh/resource-policy: keep` (Istio's CRDs:
 * listed as kept), then the release's Secrets (or, with `--keep-history`, marks it uninstalled).
 */
import { isApiError } from '../../mesh/api/errors.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str } from '../kubectl/flags.ts';
import { parseGoDuration, waitInSimTime } from '../kubectl/wait.ts';
import { argsError, fail, namespaceOf, parse } from './common.ts';
import { deleteRelease, history, updateRelease } from './releases.ts';
import { RESOURCE_POLICY, uninstallOrder } from './render.ts';

export async function runUninstall(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parse(io, argv, [
		{ name: 'keep-history', type: 'bool' },
		{ name: 'wait', type: 'bool' },
		{ name: 'timeout', type: 'string' },
		{ name: 'dry-run', type: 'bool' },
		{ name: 'ignore-not-found', type: 'bool' }
	]);
	if (typeof flags === 'number') return flags;
	if (flags.positional.length === 0)
		return fail(
			io,
			argsError('uninstall', 'at least 1 argument', 'helm uninstall RELEASE_NAME [...] [flags]')
		);
	if (bool(flags, 'dry-run')) return fail(io, '--dry-run is not simulated in the playground');
	const timeout = parseGoDuration(str(flags, 'timeout') ?? '5m0s');
	if (typeof timeout === 'string') return fail(io, timeout);
	const api = ctx.cluster.api;
	const namespace = namespaceOf(flags, ctx.vfs);
	for (const name of flags.positional) {
		const revisions = history(api, namespace, name);
		const last = revisions.at(-1);
		if (!last || last.status === 'uninstalled') {
			if (bool(flags, 'ignore-not-found')) continue;
			return fail(io, `uninstall: Release not loaded: ${name}: release: not found`);
		}
		const kept: string[] = [];
		const deleted: {
			type: NonNullable<ReturnType<typeof api.resourceFor>>;
			ns?: string;
			name: string;
		}[] = [];
		for (const ref of uninstallOrder(last.resources)) {
			const type = api.resourceFor(ref.apiVersion, ref.kind);
			if (!type) continue;
			const live = api.get(type, ref.namespace, ref.name);
			if (isApiError(live)) continue;
			if (live.metadata.annotations?.[RESOURCE_POLICY] === 'keep') {
				kept.push(`[${ref.kind}] ${ref.name}`);
				continue;
			}
			api.delete(type, ref.namespace, ref.name);
			deleted.push({ type, ...(ref.namespace ? { ns: ref.namespace } : {}), name: ref.name });
		}
		if (bool(flags, 'keep-history')) {
			last.status = 'uninstalled';
			last.description = 'Uninstallation complete';
			updateRelease(api, last);
		} else for (const r of revisions) deleteRelease(api, r);
		if (bool(flags, 'wait')) {
			const gone = (): boolean => deleted.every((d) => isApiError(api.get(d.type, d.ns, d.name)));
			const outcome = await waitInSimTime(ctx, ctx.cluster.now() + timeout, gone);
			if (outcome === 'aborted') return 130;
			if (outcome !== 'met')
				return fail(io, 'uninstallation completed with 1 error(s): context deadline exceeded');
		}
		if (kept.length > 0)
			io.stdout(`These resources were kept due to the resource policy:\n${kept.join('\n')}\n\n`);
		io.stdout(`release "${name}" uninstalled\n`);
	}
	return 0;
}
