/**
 * A pflag-like parser (kubectl and istioctl use spf13/pflag): `--name=value`, `--name value`,
 * `-n value`, `-nvalue`, grouped booleans `-it`, `--` ends flags. Errors carry pflag's wording.
 */

export type FlagType = 'string' | 'bool' | 'int' | 'stringArray';

export interface FlagSpec {
	/** Long name without dashes: `namespace`. */
	readonly name: string;
	/** One-letter shorthand: `n`. */
	readonly short?: string;
	readonly type: FlagType;
	readonly description?: string;
	/** For string flags that may appear bare (`-o` requires a value; `--server-side` is bool). */
	readonly default?: string | boolean | number;
	/** pflag's type word in help when it differs from `type` (a StringSlice prints `strings`). */
	readonly typeName?: string;
}

export interface ParsedFlags {
	/** Values by long name; stringArray flags collect every occurrence. */
	readonly values: Map<string, string | boolean | number | string[]>;
	readonly positional: string[];
	/** Everything after a bare `--` (kubectl exec's command). */
	readonly rest: string[] | undefined;
}

export interface FlagError {
	readonly type: 'flag-error';
	/** Printed as `error: <message>` by kubectl. */
	readonly message: string;
}

const flagError = (message: string): FlagError => ({ type: 'flag-error', message });

export function isFlagError(x: ParsedFlags | FlagError): x is FlagError {
	return 'type' in x && x.type === 'flag-error';
}

function convert(
	spec: FlagSpec,
	raw: string,
	shown: string
): string | number | boolean | FlagError {
	if (spec.type === 'int') {
		if (!/^-?\d+$/.test(raw))
			return flagError(
				`invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`
			);
		// pflag ints are int64: larger values fail instead of becoming 1e20 replicas.
		if (BigInt(raw) > 2n ** 63n - 1n || BigInt(raw) < -(2n ** 63n))
			return flagError(
				`invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": value out of range`
			);
		return Number(raw);
	}
	if (spec.type === 'bool') {
		if (raw === 'true' || raw === 'false') return raw === 'true';
		return flagError(
			`invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`
		);
	}
	return raw;
}

function store(
	values: ParsedFlags['values'],
	spec: FlagSpec,
	value: string | number | boolean
): void {
	if (spec.type === 'stringArray') {
		const prev = values.get(spec.name);
		values.set(spec.name, [...(Array.isArray(prev) ? prev : []), String(value)]);
	} else values.set(spec.name, value);
}

/** Parses argv (without the command words) against the flag specs. Flags may follow positionals. */
export function parseFlags(
	argv: readonly string[],
	specs: readonly FlagSpec[]
): ParsedFlags | FlagError {
	const byName = new Map(specs.map((s) => [s.name, s]));
	const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
	const values: ParsedFlags['values'] = new Map();
	const positional: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (arg === '--') return { values, positional, rest: argv.slice(i + 1) };
		if (arg.startsWith('--')) {
			const eq = arg.indexOf('=');
			const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
			const spec = byName.get(name);
			if (!spec) return flagError(`unknown flag: --${name}`);
			const shown = spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
			let raw: string;
			if (eq >= 0) raw = arg.slice(eq + 1);
			else if (spec.type === 'bool') raw = 'true';
			else {
				const next = argv[i + 1];
				if (next === undefined) return flagError(`flag needs an argument: --${name}`);
				raw = next;
				i++;
			}
			const v = convert(spec, raw, shown);
			if (typeof v === 'object') return v;
			store(values, spec, v);
			continue;
		}
		if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
			// Shorthand group: -it, -n default, -ndefault, -o=yaml.
			for (let j = 1; j < arg.length; j++) {
				const c = arg[j] as string;
				const spec = byShort.get(c);
				if (!spec) return flagError(`unknown shorthand flag: '${c}' in ${arg}`);
				const shown = `-${c}, --${spec.name}`;
				if (spec.type === 'bool') {
					if (arg[j + 1] === '=') {
						const v = convert(spec, arg.slice(j + 2), shown);
						if (typeof v === 'object') return v;
						store(values, spec, v);
						break;
					}
					store(values, spec, true);
					continue;
				}
				let raw = arg.slice(j + 1);
				if (raw.startsWith('=')) raw = raw.slice(1);
				else if (raw === '') {
					const next = argv[i + 1];
					if (next === undefined) return flagError(`flag needs an argument: '${c}' in -${c}`);
					raw = next;
					i++;
				}
				const v = convert(spec, raw, shown);
				if (typeof v === 'object') return v;
				store(values, spec, v);
				break;
			}
			continue;
		}
		positional.push(arg);
	}
	return { values, positional, rest: undefined };
}

/** Typed accessors over ParsedFlags.values. */
export function str(p: ParsedFlags, name: string): string | undefined {
	const v = p.values.get(name);
	return typeof v === 'string' ? v : undefined;
}
export function bool(p: ParsedFlags, name: string): boolean {
	return p.values.get(name) === true;
}
export function int(p: ParsedFlags, name: string): number | undefined {
	const v = p.values.get(name);
	return typeof v === 'number' ? v : undefined;
}
export function strings(p: ParsedFlags, name: string): string[] {
	const v = p.values.get(name);
	return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}
