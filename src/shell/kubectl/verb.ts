/**
 * The shape every kubectl verb has (kubectl's Complete/Validate/Run collapsed into `run`), and the
 * helpers verbs share to word their errors the way kubectl does.
 */
import type { Command, CommandIO } from '../command.ts';
import { isFlagError, parseFlags, type FlagSpec, type ParsedFlags } from './flags.ts';
import { formatApiError, type ApiError } from '../../mesh/api/errors.ts';

/** Headings of `kubectl --help`, in kubectl's order. */
export const VERB_GROUPS = [
	'Basic Commands (Beginner)',
	'Basic Commands (Intermediate)',
	'Deploy Commands',
	'Cluster Management Commands',
	'Troubleshooting and Debugging Commands',
	'Advanced Commands',
	'Settings Commands',
	'Other Commands'
] as const;
export type VerbGroup = (typeof VERB_GROUPS)[number];

/** One `kubectl <verb>`: argv is what follows the verb. */
export interface KubectlVerb extends Command {
	/** Where `kubectl --help` lists it; default `Other Commands`. */
	readonly group?: VerbGroup;
	/** Extra names (`kubectl ns` does not exist, but `api-resources` has none either). */
	readonly aliases?: readonly string[];
	/** Its own flags (GLOBAL_FLAGS aside): lesson checks parse a learner's line with them. */
	readonly flags?: readonly FlagSpec[];
}

/** `error: unknown flag: --foo` + `See 'kubectl get --help' for usage.` */
export function usageError(io: CommandIO, verb: string, message: string): number {
	io.stderr(`error: ${message}\nSee 'kubectl ${verb} --help' for usage.\n`);
	return 1;
}

export function printApiError(io: CommandIO, e: ApiError): number {
	io.stderr(formatApiError(e) + '\n');
	return 1;
}

/** Flags every verb accepts (kubectl's global flags). */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
	{ name: 'namespace', short: 'n', type: 'string' },
	{ name: 'help', short: 'h', type: 'bool' },
	{ name: 'context', type: 'string' },
	{ name: 'kubeconfig', type: 'string' },
	{ name: 'request-timeout', type: 'string' },
	{ name: 'v', short: 'v', type: 'int' }
];

/** Parses flags for a verb; on error prints kubectl's usage error and returns the exit code. */
export function parseVerbFlags(
	io: CommandIO,
	verb: string,
	argv: readonly string[],
	specs: readonly FlagSpec[]
): ParsedFlags | number {
	const parsed = parseFlags(argv, [...GLOBAL_FLAGS, ...specs]);
	if (isFlagError(parsed)) return usageError(io, verb, parsed.message);
	return parsed;
}
