/**
 * OpenSSL 3's option parsing (apps/lib/opt.c `opt_next`): `-name` or `--name`, a value in the
 * next word or after `=`; anything unknown stops the command with opt.c's wording, then the
 * app's `Use -help for summary.` line.
 */
export interface OptionTable {
	/** Option name → whether it takes a value. */
	readonly [name: string]: boolean;
}

export interface ParsedOptions {
	readonly values: ReadonlyMap<string, string>;
	readonly flags: ReadonlySet<string>;
	/** Words that are not options (opt_rest), in order. */
	readonly rest: readonly string[];
}

export function parseOptions(
	prog: string,
	argv: readonly string[],
	table: OptionTable
): ParsedOptions | { readonly error: string } {
	const values = new Map<string, string>();
	const flags = new Set<string>();
	let i = 0;
	for (; i < argv.length; i++) {
		const word = argv[i] as string;
		if (word === '--') {
			i++;
			break;
		}
		if (!word.startsWith('-') || word === '-') break;
		let name = word.slice(word.startsWith('--') ? 2 : 1);
		let inline: string | undefined;
		const eq = name.indexOf('=');
		if (eq >= 0) {
			inline = name.slice(eq + 1);
			name = name.slice(0, eq);
		}
		const takesValue = table[name];
		if (takesValue === undefined) return usage(`${prog}: Unknown option: -${name}`, prog);
		if (!takesValue) {
			if (inline !== undefined)
				return usage(`${prog}: Option -${name} does not take a value`, prog);
			flags.add(name);
			continue;
		}
		const value = inline ?? argv[++i];
		if (value === undefined) return usage(`${prog}: Option -${name} needs a value`, prog);
		values.set(name, value);
	}
	return { values, flags, rest: argv.slice(i) };
}

const usage = (line: string, prog: string) => ({
	error: `${line}\n${prog}: Use -help for summary.\n`
});
