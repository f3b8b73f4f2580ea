/**
 * GNU getopt_long as coreutils use it: grouped short options (`-ic`), option arguments attached or
 * separate (`-n5`, `-n 5`), long options with `=`, `--` ends options, and operands may come
 * before options (GNU permutes). Error texts are glibc's.
 */
import type { CommandIO } from '../command.ts';

export interface OptSpec {
	/** Short letters without an argument. */
	readonly flags?: string;
	/** Short letters that take an argument. */
	readonly withArg?: string;
	/** Long names: the short letter they stand for (or the long name itself) and whether they take a value. */
	readonly long?: Readonly<Record<string, { readonly key: string; readonly arg?: boolean }>>;
	/** Stop at the first operand (POSIX mode, for `sh` and `echo`-like commands). */
	readonly stopAtOperand?: boolean;
}

export interface ParsedOpts {
	/** In order; `key` is the short letter or the long option's key. */
	readonly opts: { readonly key: string; readonly value: string }[];
	readonly operands: string[];
}

export function parseOpts(argv: readonly string[], spec: OptSpec): ParsedOpts | { error: string } {
	const opts: { key: string; value: string }[] = [];
	const operands: string[] = [];
	const flags = spec.flags ?? '';
	const withArg = spec.withArg ?? '';
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (arg === '--') {
			operands.push(...argv.slice(i + 1));
			break;
		}
		if (arg.startsWith('--')) {
			const eq = arg.indexOf('=');
			const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
			const matches = Object.keys(spec.long ?? {}).filter((n) => n.startsWith(name));
			const exact = matches.includes(name) ? name : matches.length === 1 ? matches[0] : undefined;
			if (!exact) {
				if (matches.length > 1) return { error: `option '--${name}' is ambiguous` };
				return { error: `unrecognized option '${arg}'` };
			}
			const def = spec.long?.[exact] as { key: string; arg?: boolean };
			if (def.arg) {
				let value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
				if (value === undefined) return { error: `option '--${exact}' requires an argument` };
				value ??= '';
				opts.push({ key: def.key, value });
			} else {
				if (eq >= 0) return { error: `option '--${exact}' doesn't allow an argument` };
				opts.push({ key: def.key, value: '' });
			}
			continue;
		}
		if (arg.startsWith('-') && arg.length > 1) {
			for (let j = 1; j < arg.length; j++) {
				const c = arg[j] as string;
				if (withArg.includes(c)) {
					const value = j + 1 < arg.length ? arg.slice(j + 1) : argv[++i];
					if (value === undefined) return { error: `option requires an argument -- '${c}'` };
					opts.push({ key: c, value });
					break;
				}
				if (!flags.includes(c)) return { error: `invalid option -- '${c}'` };
				opts.push({ key: c, value: '' });
			}
			continue;
		}
		if (spec.stopAtOperand) {
			operands.push(...argv.slice(i));
			break;
		}
		operands.push(arg);
	}
	return { opts, operands };
}

/** Prints `cmd: message`, an optional usage line and coreutils' `Try 'cmd --help'` hint. */
export function usageError(
	io: CommandIO,
	cmd: string,
	message: string,
	code: number,
	usage?: string
): number {
	io.stderr(
		`${cmd}: ${message}\n${usage ? usage + '\n' : ''}Try '${cmd} --help' for more information.\n`
	);
	return code;
}

export const has = (p: ParsedOpts, key: string): boolean => p.opts.some((o) => o.key === key);
/** The last value given for `key` (later options override earlier ones). */
export const lastValue = (p: ParsedOpts, key: string): string | undefined =>
	p.opts.filter((o) => o.key === key).at(-1)?.value;
