/**
 * Tab completion for `helm`: subcommands (and `repo`/`get`/`show`'s), flags, chart references of
 * the added repositories for `install`/`upgrade`, release names where a command takes one, and
 * values for `-n`, `-f` and `--set`.
 */
import type { ArgCompletionContext } from './completion-kubectl.ts';
import { specOf } from './completion-istioctl.ts';
import { namespaceNames } from './completion-resources.ts';
import { CHARTS } from './helm/charts.ts';
import { GLOBAL_FLAGS } from './helm/common.ts';
import { HELM_SUBCOMMANDS } from './helm/index.ts';
import { INSTALL_FLAGS, UPGRADE_FLAGS } from './helm/install.ts';
import { listReleases } from './helm/releases.ts';
import { readRepoNames } from './helm/repo.ts';
import type { FlagSpec } from './kubectl/flags.ts';

const NESTED: Readonly<Record<string, readonly string[]>> = {
	repo: ['add', 'list', 'remove', 'update'],
	get: ['manifest', 'notes', 'values'],
	show: ['chart', 'values']
};

const byPrefix = (list: readonly string[], word: string): string[] =>
	[...new Set(list.filter((c) => c.startsWith(word)))].sort();

function flagsOf(sub: string | undefined): readonly FlagSpec[] {
	if (sub === 'install') return [...INSTALL_FLAGS, ...GLOBAL_FLAGS];
	if (sub === 'upgrade') return [...UPGRADE_FLAGS, ...GLOBAL_FLAGS];
	return GLOBAL_FLAGS;
}

export function completeHelm(
	before: readonly string[],
	word: string,
	ctx: ArgCompletionContext
): string[] {
	const canonical = (w: string): string =>
		HELM_SUBCOMMANDS.find((c) => c.name === w || c.aliases.includes(w))?.name ?? w;
	let sub: string | undefined;
	const args: string[] = [];
	for (let i = 0; i < before.length; i++) {
		const w = before[i] as string;
		const spec = specOf(w, flagsOf(sub));
		if (spec) {
			if (spec.type !== 'bool') i++;
			continue;
		}
		if (w.startsWith('-')) continue;
		if (sub === undefined) sub = canonical(w);
		else args.push(w);
	}
	const specs = flagsOf(sub);
	const prev = before.at(-1);
	const prevSpec = prev ? specOf(prev, specs) : undefined;
	if (prevSpec && prevSpec.type !== 'bool') {
		if (prevSpec.name === 'namespace') return byPrefix(namespaceNames(ctx.api), word);
		if (prevSpec.name === 'values') return ctx.files(word);
		if (prevSpec.name === 'set') return byPrefix(['profile=ambient'], word);
		return [];
	}
	if (word.startsWith('-')) {
		const names = specs.map((s) => `--${s.name}`);
		const shorts = word.startsWith('--')
			? []
			: specs.filter((s) => s.short).map((s) => `-${s.short}`);
		return byPrefix([...shorts, ...names], word);
	}
	if (sub === undefined)
		return byPrefix(
			HELM_SUBCOMMANDS.map((c) => c.name),
			word
		);
	const nested = NESTED[sub];
	if (nested && args.length === 0) return byPrefix(nested, word);
	const releases = (): string[] => listReleases(ctx.api, undefined).map((r) => r.name);
	const charts = (): string[] =>
		readRepoNames(ctx.vfs).flatMap((repo) => CHARTS.map((c) => `${repo}/${c.name}`));
	if (sub === 'install' || sub === 'upgrade') {
		if (args.length === 0) return sub === 'upgrade' ? byPrefix(releases(), word) : [];
		return args.length === 1 ? byPrefix(charts(), word) : [];
	}
	if (sub === 'show' && args.length === 1) return byPrefix(charts(), word);
	if ((sub === 'status' || sub === 'uninstall') && args.length === 0)
		return byPrefix(releases(), word);
	if (sub === 'get' && args.length === 1) return byPrefix(releases(), word);
	return [];
}
