/**
 * What kubectl, istioctl and helm share through spf13/cobra: finding the subcommand among the
 * flags before it (stripFlags + Find) and the "Did you mean this?" suggestions (SuggestionsFor).
 */

export interface CommandIndexOptions {
	/** Flags that take no value: the word after one is not its value. */
	readonly boolFlags: ReadonlySet<string>;
	/** kubectl treats a lone `-` as a word (a file name), istioctl as a flag. */
	readonly dashIsWord?: boolean;
}

/** The index of the subcommand in argv: the first word that is no flag nor a flag's value; -1: none. */
export function commandIndex(argv: readonly string[], options: CommandIndexOptions): number {
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (arg === '--') return -1;
		if (!arg.startsWith('-') || (options.dashIsWord && arg === '-')) return i;
		if (arg.includes('=') || options.boolFlags.has(arg)) continue;
		// `--flag value` or `-f value`: cobra assumes a value follows.
		if (arg.startsWith('--') || arg.length === 2) i++;
	}
	return -1;
}

function levenshtein(a: string, b: string): number {
	const d = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let prev = d[0] as number;
		d[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const cur = d[j] as number;
			d[j] = Math.min(cur + 1, (d[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
			prev = cur;
		}
	}
	return d[b.length] as number;
}

/** cobra's SuggestionsFor: the names within an edit distance of 2 or that start with `typed`. */
export function suggestionsFor(typed: string, names: readonly string[]): string[] {
	return names.filter((n) => levenshtein(typed, n) <= 2 || n.startsWith(typed)).sort();
}
