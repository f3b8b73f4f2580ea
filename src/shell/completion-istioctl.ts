/**
 * Tab completion for `istioctl`: walks istioctl's cobra tree (COMMANDS) for subcommands, then
 * offers the command's flags and the root's, values for `-n`/`--namespace` and `-f`, and the pod
 * or Service names `x describe pod|service` takes (describe.go's ValidArgsFunction).
 */
import type { ArgCompletionContext } from './completion-kubectl.ts';
import { namespaceNames, objectNames } from './completion-resources.ts';
import { ROOT_FLAGS } from './istioctl/common.ts';
import { COMMANDS } from './istioctl/index.ts';
import type { IstioctlCommand } from './istioctl/types.ts';
import type { FlagSpec } from './kubectl/flags.ts';

const find = (list: readonly IstioctlCommand[], name: string): IstioctlCommand | undefined =>
	list.find((c) => c.name === name || (c.aliases ?? []).includes(name));

const byPrefix = (list: readonly string[], word: string): string[] =>
	[...new Set(list.filter((c) => c.startsWith(word)))].sort();

/** The spec a whole flag word names (`--name` or `-x`), for completing its value. */
export function specOf(word: string, specs: readonly FlagSpec[]): FlagSpec | undefined {
	if (word.startsWith('--')) return specs.find((s) => s.name === word.slice(2));
	if (/^-[a-zA-Z]$/.test(word)) return specs.find((s) => s.short === word[1]);
	return undefined;
}

export function completeIstioctl(
	before: readonly string[],
	word: string,
	ctx: ArgCompletionContext
): string[] {
	let cmd: IstioctlCommand | undefined;
	let sawArg = false;
	for (let i = 0; i < before.length; i++) {
		const w = before[i] as string;
		const specs = [...ROOT_FLAGS, ...(cmd?.flags ?? [])];
		const spec = specOf(w, specs);
		if (spec) {
			if (spec.type !== 'bool') i++;
			continue;
		}
		if (w.startsWith('-')) continue;
		const next = find(cmd ? (cmd.subcommands ?? []) : COMMANDS, w);
		if (next) cmd = next;
		else sawArg = true;
	}
	const specs = [...(cmd?.flags ?? []), ...ROOT_FLAGS];
	const prev = before.at(-1);
	const prevSpec = prev ? specOf(prev, specs) : undefined;
	if (prevSpec && prevSpec.type !== 'bool') {
		if (prevSpec.name === 'namespace' || prevSpec.name === 'istioNamespace')
			return byPrefix(namespaceNames(ctx.api), word);
		if (prevSpec.name === 'filename') return ctx.files(word);
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
	const described = cmd?.name === 'pod' ? 'pods' : cmd?.name === 'service' ? 'services' : '';
	if (described && !sawArg && before.some((w) => w === 'describe' || w === 'des')) {
		const type = ctx.api.resolve(described);
		const at = before.findIndex((w) => w === '-n' || w === '--namespace');
		const namespace = (at >= 0 ? before[at + 1] : undefined) ?? 'default';
		return type
			? byPrefix(objectNames(ctx.api, type, { namespace, allNamespaces: false }), word)
			: [];
	}
	const subs = cmd ? (cmd.subcommands ?? []) : [...COMMANDS, { name: 'help' } as IstioctlCommand];
	if (subs.length > 0 && !sawArg)
		return byPrefix(
			subs.map((s) => s.name),
			word
		);
	return [];
}
