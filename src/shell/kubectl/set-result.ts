/**
 * What the `kubectl set` subcommands print once an object is updated (set.go's printers: the
 * object as `-o yaml|json|name` asks, else `deployment.apps/x image updated`) and, at the end,
 * their errors as utilerrors.NewAggregate reports them: one alone, several as a list.
 */
import type { ApiServer, ResourceType } from '../../mesh/api/api-server.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { CommandIO } from '../command.ts';
import { dryRunSuffix, fail, type DryRun } from './apply.ts';
import { toJson, toYaml } from './printers/object.ts';
import { parseResourceArgs, selectResources } from './resource-args.ts';
import { printApiError } from './verb.ts';

/** set.go's printer flags: only these three print objects (no table printer for set). */
export function checkSetOutput(io: CommandIO, output: string | undefined): number | undefined {
	if (output === undefined || ['yaml', 'json', 'name'].includes(output)) return undefined;
	return fail(
		io,
		`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`
	);
}

export interface SetTarget {
	readonly type: ResourceType;
	readonly obj: KubeObject;
}

export interface SetTargetOptions {
	readonly namespace: string;
	readonly all: boolean;
	readonly selector: string | undefined;
}

/**
 * The objects a `kubectl set` subcommand changes: each named one, or every one of a type that
 * `--all` or `--selector` picks; the exit status after printing the first error instead.
 */
export function resolveSetTargets(
	io: CommandIO,
	api: ApiServer,
	resources: readonly string[],
	{ namespace, all, selector }: SetTargetOptions
): SetTarget[] | number {
	const args = parseResourceArgs(api, resources, { namespace });
	if (isApiError(args)) return printApiError(io, args);
	const refs = selectResources(api, args, { all, selector });
	if (isApiError(refs)) return printApiError(io, refs);
	const targets: SetTarget[] = [];
	for (const { type, namespace: ns, name } of refs) {
		const obj = api.get(type, ns, name);
		if (isApiError(obj)) return printApiError(io, obj);
		targets.push({ type, obj });
	}
	return targets;
}

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
