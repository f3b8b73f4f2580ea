/**
 * `helm repo add|update|list|remove` (cmd/helm/repo_*.go). The repository list lives where helm
 * keeps it, `~/.config/helm/repositories.yaml`. Downloading an index is simulated offline: the
 * only repository that answers is Istio's (https://istio-release.storage.googleapis.com/charts),
 * serving the 1.30.3 charts of charts.ts; any other URL cannot be reached.
 */
import { parse as parseYaml, stringify } from 'yaml';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool } from '../kubectl/flags.ts';
import type { Vfs } from '../vfs.ts';
import { fail, parse, table } from './common.ts';

export const ISTIO_REPO_URL = 'https://istio-release.storage.googleapis.com/charts';
export const REPO_FILE = '/root/.config/helm/repositories.yaml';

export interface RepoEntry {
	readonly name: string;
	readonly url: string;
}

const normalize = (url: string): string => url.replace(/\/+$/, '');

export function readRepos(ctx: CommandContext): RepoEntry[] {
	return readRepoFile(ctx.vfs);
}

/** The added repositories' names (for completion, which has no command context). */
export const readRepoNames = (vfs: Vfs): string[] => readRepoFile(vfs).map((r) => r.name);

function readRepoFile(vfs: Vfs): RepoEntry[] {
	const text = vfs.read(REPO_FILE);
	if (text === undefined) return [];
	try {
		const doc = parseYaml(text) as { repositories?: { name?: unknown; url?: unknown }[] } | null;
		return (doc?.repositories ?? [])
			.filter((r) => typeof r.name === 'string' && typeof r.url === 'string')
			.map((r) => ({ name: r.name as string, url: r.url as string }));
	} catch {
		return [];
	}
}

function writeRepos(ctx: CommandContext, repos: readonly RepoEntry[]): void {
	const repositories = repos.map((r) => ({
		caFile: '',
		certFile: '',
		insecure_skip_tls_verify: false,
		keyFile: '',
		name: r.name,
		pass_credentials_all: false,
		password: '',
		url: r.url,
		username: ''
	}));
	ctx.vfs.write(
		REPO_FILE,
		stringify({ apiVersion: '', generated: '0001-01-01T00:00:00Z', repositories })
	);
}

/** Whether the simulated network reaches a repository's index. */
export const reachable = (url: string): boolean => normalize(url) === ISTIO_REPO_URL;

function unreachable(url: string): string {
	const host = /^[a-z]+:\/\/([^/:]+)/i.exec(url)?.[1];
	if (!host) return `could not find protocol handler for: ${url.split(':')[0] ?? ''}`;
	return `looks like "${url}" is not a valid chart repository or cannot be reached: Get "${normalize(url)}/index.yaml": dial tcp: lookup ${host} on 10.96.0.10:53: no such host`;
}

async function add(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parse(io, argv, [
		{ name: 'force-update', type: 'bool' },
		{ name: 'username', type: 'string' },
		{ name: 'password', type: 'string' }
	]);
	if (typeof flags === 'number') return flags;
	if (flags.positional.length !== 2)
		return fail(
			io,
			`"helm repo add" requires 2 arguments\n\nUsage:  helm repo add [NAME] [URL] [flags]`
		);
	const [name, url] = flags.positional as [string, string];
	if (name.includes('/'))
		return fail(
			io,
			`repository name (${name}) contains '/', please specify a different name without '/'`
		);
	const repos = readRepos(ctx);
	const existing = repos.find((r) => r.name === name);
	if (existing && !bool(flags, 'force-update')) {
		if (normalize(existing.url) === normalize(url)) {
			io.stdout(`"${name}" already exists with the same configuration, skipping\n`);
			return 0;
		}
		return fail(io, `repository name (${name}) already exists, please specify a different name`);
	}
	if (!reachable(url)) return fail(io, unreachable(url));
	writeRepos(ctx, [...repos.filter((r) => r.name !== name), { name, url }]);
	io.stdout(`"${name}" has been added to your repositories\n`);
	return 0;
}

async function update(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parse(io, argv, [{ name: 'fail-on-repo-update-fail', type: 'bool' }]);
	if (typeof flags === 'number') return flags;
	const repos = readRepos(ctx);
	if (repos.length === 0)
		return fail(io, 'no repositories found. You must add one before updating');
	const wanted = flags.positional;
	for (const name of wanted)
		if (!repos.some((r) => r.name === name))
			return fail(io, `no repositories found matching '${name}'.  Nothing will be updated`);
	io.stdout('Hang tight while we grab the latest from your chart repositories...\n');
	for (const r of repos.filter((r) => wanted.length === 0 || wanted.includes(r.name))) {
		if (reachable(r.url))
			io.stdout(`...Successfully got an update from the "${r.name}" chart repository\n`);
		else
			io.stdout(
				`...Unable to get an update from the "${r.name}" chart repository (${r.url}):\n\t${unreachable(r.url)}\n`
			);
	}
	io.stdout('Update Complete. ⎈Happy Helming!⎈\n');
	return 0;
}

async function list(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parse(io, argv, [{ name: 'output', short: 'o', type: 'string' }]);
	if (typeof flags === 'number') return flags;
	const repos = readRepos(ctx);
	if (repos.length === 0) return fail(io, 'no repositories to show');
	io.stdout(`${table([['NAME', 'URL'], ...repos.map((r) => [r.name, r.url])])}\n`);
	return 0;
}

async function remove(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parse(io, argv, []);
	if (typeof flags === 'number') return flags;
	if (flags.positional.length === 0)
		return fail(
			io,
			`"helm repo remove" requires at least 1 argument\n\nUsage:  helm repo remove [REPO1 [REPO2 ...]] [flags]`
		);
	let repos = readRepos(ctx);
	for (const name of flags.positional) {
		if (!repos.some((r) => r.name === name)) return fail(io, `no repo named "${name}" found`);
		repos = repos.filter((r) => r.name !== name);
		writeRepos(ctx, repos);
		io.stdout(`"${name}" has been removed from your repositories\n`);
	}
	return 0;
}

export async function runRepo(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const [sub, ...rest] = argv;
	switch (sub) {
		case 'add':
			return add(rest, io, ctx);
		case 'update':
		case 'up':
			return update(rest, io, ctx);
		case 'list':
		case 'ls':
			return list(rest, io, ctx);
		case 'remove':
		case 'rm':
			return remove(rest, io, ctx);
		case undefined:
			io.stdout(
				'This command consists of multiple subcommands to interact with chart repositories.\n\nUsage:\n  helm repo [command]\n\nAvailable Commands:\n  add         add a chart repository\n  index       generate an index file given a directory containing packaged charts\n  list        list chart repositories\n  remove      remove one or more chart repositories\n  update      update information of available charts locally from chart repositories\n'
			);
			return 0;
		default:
			return fail(
				io,
				`unknown command "${sub}" for "helm repo"\nRun 'helm repo --help' for usage.`
			);
	}
}
