/**
 * The shell's Tab: which word the cursor is in, and what could stand there — a command name in
 * command position, a program's own arguments for kubectl, istioctl and helm (which ask the API
 * server, as their `__complete` does), and files everywhere else, as bash's default does.
 */
import type { ApiServer } from '../mesh/api/api-server.ts';
import { completeHelm } from './completion-helm.ts';
import { completeIstioctl } from './completion-istioctl.ts';
import { completeKubectl, type ArgCompletionContext } from './completion-kubectl.ts';
import type { Vfs } from './vfs.ts';

/** Tab completion: replace `line.slice(from, cursor)` with one of `candidates`. */
export interface Completion {
	readonly from: number;
	readonly candidates: readonly string[];
}

export interface CompletionSources {
	/** Builtins and programs on the PATH. */
	readonly commands: () => readonly string[];
	readonly vfs: Vfs;
	readonly api: ApiServer;
}

type ArgCompleter = (
	before: readonly string[],
	word: string,
	ctx: ArgCompletionContext
) => string[];

const PROGRAMS: Readonly<Record<string, ArgCompleter>> = {
	kubectl: completeKubectl,
	istioctl: completeIstioctl,
	helm: completeHelm
};

/** Words of the simple command the cursor is in: after the last `|`, `;`, `&`, `(` or backtick. */
export function currentCommandWords(before: string): {
	words: string[];
	word: string;
	from: number;
} {
	let start = 0;
	let quote: string | undefined;
	for (let i = 0; i < before.length; i++) {
		const c = before[i] as string;
		if (quote) {
			if (c === quote) quote = undefined;
			else if (c === '\\' && quote === '"') i++;
			continue;
		}
		if (c === '\\') i++;
		else if (c === "'" || c === '"') quote = c;
		else if ('|;&(`\n'.includes(c)) start = i + 1;
	}
	const segment = before.slice(start);
	const wordStart = Math.max(segment.lastIndexOf(' '), segment.lastIndexOf('\t')) + 1;
	const words = segment.slice(0, wordStart).split(/\s+/).filter(Boolean);
	return { words, word: segment.slice(wordStart), from: start + wordStart };
}

/** bash's default: files and directories, hidden ones only when the word starts with a dot. */
export function completeFiles(vfs: Vfs, word: string): string[] {
	const slash = word.lastIndexOf('/');
	const dir = slash < 0 ? '' : word.slice(0, slash + 1);
	const base = word.slice(slash + 1);
	const entries = vfs.list(dir === '' ? '.' : dir) ?? [];
	return entries
		.filter((e) => e.startsWith(base) && (base.startsWith('.') || !e.startsWith('.')))
		.map((e) => dir + e + (vfs.isDirectory(dir + e) ? '/' : ''));
}

export function complete(line: string, cursor: number, sources: CompletionSources): Completion {
	const { words, word, from } = currentCommandWords(line.slice(0, cursor));
	// Leading assignments (`A=1 kubectl …`) are not the command.
	const rest = words;
	const cmdAt = rest.findIndex((w) => !/^[A-Za-z_]\w*=/.test(w));
	if (cmdAt < 0) {
		if (word.includes('/')) return { from, candidates: completeFiles(sources.vfs, word) };
		const names = [...new Set(sources.commands())].filter((n) => n.startsWith(word)).sort();
		return { from, candidates: names };
	}
	const program = PROGRAMS[rest[cmdAt] as string];
	const files = (w: string): string[] => completeFiles(sources.vfs, w);
	if (!program) return { from, candidates: files(word) };
	try {
		const ctx: ArgCompletionContext = { api: sources.api, vfs: sources.vfs, files };
		return { from, candidates: program(rest.slice(cmdAt + 1), word, ctx) };
	} catch {
		// Completion is a convenience: a surprise in the cluster's state rings the bell instead.
		return { from, candidates: [] };
	}
}
