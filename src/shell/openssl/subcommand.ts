/**
 * What every simulated `openssl` subcommand does before its own work: parse its options
 * (opt.c), refuse the real options the playground does not simulate, reject extra words as
 * 3.0's apps do (`Extra option: "…"`), and read `-days` (opt_int's `Invalid number`).
 */
import type { CommandIO } from '../command.ts';
import { parseOptions, type ParsedOptions } from './options.ts';
import { asTable, refusedOption } from './refused.ts';

export interface SubcommandSpec {
	readonly prog: string;
	/** Options it simulates, taking a value / not. */
	readonly supportedValue: readonly string[];
	readonly supportedFlag: readonly string[];
	/** Real options it refuses with a note, taking a value / not. */
	readonly refusedValue: readonly string[];
	readonly refusedFlag: readonly string[];
}

/** The parsed options, or the error text (stderr) when the command line is not accepted. */
export function parseSubcommand(
	spec: SubcommandSpec,
	argv: readonly string[]
): ParsedOptions | { readonly error: string } {
	const table = asTable(
		[...spec.supportedValue, ...spec.refusedValue],
		[...spec.supportedFlag, ...spec.refusedFlag]
	);
	const p = parseOptions(spec.prog, argv, table);
	if ('error' in p) return p;
	const refused = refusedOption(spec.prog, p.flags, p.values, [
		...spec.refusedValue,
		...spec.refusedFlag
	]);
	if (refused) return { error: refused };
	if (p.rest.length > 0)
		return {
			error: `${spec.prog}: Extra option: "${p.rest[0]}"\n${spec.prog}: Use -help for summary.\n`
		};
	return p;
}

/** `-days N` (default 30, as both req and x509 have it), or opt_int's error text. */
export function parseDays(
	prog: string,
	text: string | undefined
): number | { readonly error: string } {
	if (text === undefined) return 30;
	return /^\d+$/.test(text)
		? Number(text)
		: {
				error: `${prog}: Invalid number "${text}" for option -days\n${prog}: Use -help for summary.\n`
			};
}

/** Writes the error text to stderr; the subcommand's exit status 1. */
export function fail(io: CommandIO, text: string): number {
	io.stderr(text);
	return 1;
}
