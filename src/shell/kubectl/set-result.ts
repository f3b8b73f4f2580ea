/**
 * What the `kubectl set` subcommands print once an object is updated (set.go's printers: the
 * object as `-o yaml|json|name` asks, else `deployment.apps/x image updated`) and, at the end,
 * their errors as utilerrors.NewAggregate reports them: one alone, several as a list.
 */
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { CommandIO } from '../command.ts';
import { dryRunSuffix, type DryRun } from './apply.ts';
import { toJson, toYaml } from './printers/object.ts';

export function printSetResult(
	io: CommandIO,
	shown: KubeObject,
	ref: string,
	output: string | undefined,
	dryRun: DryRun,
	what: 'image' | 'env'
): void {
	if (output === 'yaml') io.stdout(toYaml(shown));
	else if (output === 'json') io.stdout(toJson(shown));
	else if (output === 'name') io.stdout(`${ref}\n`);
	else io.stdout(`${ref} ${what} updated${dryRunSuffix(dryRun)}\n`);
}

/** The exit status: 0 without errors, else 1 after printing them. */
export function reportSetErrors(io: CommandIO, errors: readonly string[]): number {
	if (errors.length === 0) return 0;
	const text = errors.length === 1 ? (errors[0] as string) : `[${errors.join(', ')}]`;
	io.stderr((text.startsWith('error: ') ? text : `error: ${text}`) + '\n');
	return 1;
}
