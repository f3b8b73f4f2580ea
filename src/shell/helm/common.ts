/**
 * What helm's commands share: cobra's `Error: …` (exit 1), the root flags (`-n`, `--kube-context`
 * …), uitable's tables (cells padded to the column, joined by a tab: pkg/cli/output) and Go's
 * time formats.
 */
import type { CommandIO } from '../command.ts';
import { defaultNamespace } from '../kubectl/kubeconfig.ts';
import type { Vfs } from '../vfs.ts';
import { isFlagError, parseFlags, str, type FlagSpec, type ParsedFlags } from '../kubectl/flags.ts';

/** helm's global flags (pkg/cli EnvSettings.AddFlags). */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
	{
		name: 'namespace',
		short: 'n',
		type: 'string',
		description: 'namespace scope for this request'
	},
	{ name: 'kube-context', type: 'string', description: 'name of the kubeconfig context to use' },
	{ name: 'kubeconfig', type: 'string', description: 'path to the kubeconfig file' },
	{ name: 'debug', type: 'bool', description: 'enable verbose output' },
	{ name: 'help', short: 'h', type: 'bool', description: 'help for helm' }
];

export function fail(io: CommandIO, message: string): number {
	io.stderr(`Error: ${message}\n`);
	return 1;
}

export function parse(
	io: CommandIO,
	argv: readonly string[],
	specs: readonly FlagSpec[]
): ParsedFlags | number {
	const parsed = parseFlags(argv, [...GLOBAL_FLAGS, ...specs]);
	if (isFlagError(parsed)) return fail(io, parsed.message);
	return parsed;
}

/** `-n`, else the kubeconfig context's namespace (`default` on kind). */
export const namespaceOf = (flags: ParsedFlags, vfs: Vfs): string =>
	str(flags, 'namespace') || defaultNamespace(vfs);

/** gosuri/uitable as helm configures it: every cell padded to its column, tab-separated. */
export function table(rows: readonly (readonly string[])[]): string {
	const widths: number[] = [];
	for (const row of rows)
		row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
	return rows
		.map((row) =>
			row
				.map((cell, i) => cell.padEnd((widths[i] ?? 0) + cell.length - [...cell].length))
				.join('\t')
		)
		.join('\n');
}

const two = (n: number): string => String(n).padStart(2, '0');

/** Go time.Time.String() in UTC (`2006-01-02 15:04:05.999999999 +0000 UTC`): `helm ls`'s UPDATED. */
export function goTime(ms: number): string {
	const d = new Date(ms);
	const frac = String(d.getUTCMilliseconds()).padStart(3, '0').replace(/0+$/, '');
	return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${frac ? `.${frac}` : ''} +0000 UTC`;
}

/** cobra's Args checks (cmd/helm/require): `"helm install" requires at least 1 argument`. */
export function argsError(command: string, want: string, usage: string): string {
	return `"helm ${command}" requires ${want}\n\nUsage:  ${usage}`;
}
