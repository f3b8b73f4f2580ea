/**
 * `kubectl get`: mirrors kubectl/pkg/cmd/get/get.go — fetch every requested resource, print
 * tables per type (blank line between, `pod/x` names when several types), or one generic
 * document (`-o yaml|json|name|jsonpath|custom-columns`), then the errors, then
 * `No resources found…` when nothing was printed.
 */
import type { CommandContext, CommandIO } from '../command.ts';
import { formatApiError, isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { FlagSpec, ParsedFlags } from './flags.ts';
import { bool, str, strings } from './flags.ts';
import { isJsonPathError, parseJsonPath, relaxedJsonPath } from './jsonpath.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { columnsFor } from './printers/columns.ts';
import { clusterNowMs } from './printers/duration.ts';
import { asList, resourceName, toJson, toYaml } from './printers/object.ts';
import {
	isOutputError,
	parseOutputFormat,
	printCustomColumns,
	type OutputFormat
} from './printers/output.ts';
import { printTable } from './printers/table.ts';
import { runWatch } from './get-watch.ts';
import { parseGoDuration } from './wait.ts';
import {
	parseResourceArgs,
	printDeprecationWarnings,
	qualifiedKind,
	type ResourceArg
} from './resource-args.ts';
import { parseVerbFlags, printApiError, type KubectlVerb } from './verb.ts';

const FLAGS: readonly FlagSpec[] = [
	{ name: 'output', short: 'o', type: 'string', description: 'Output format' },
	{ name: 'all-namespaces', short: 'A', type: 'bool' },
	{ name: 'selector', short: 'l', type: 'string' },
	{ name: 'field-selector', type: 'string' },
	{ name: 'show-labels', type: 'bool' },
	{ name: 'label-columns', short: 'L', type: 'stringArray' },
	{ name: 'no-headers', type: 'bool' },
	{ name: 'show-kind', type: 'bool' },
	{ name: 'sort-by', type: 'string' },
	{ name: 'ignore-not-found', type: 'bool' },
	{ name: 'watch', short: 'w', type: 'bool' },
	{ name: 'watch-only', type: 'bool' },
	{ name: 'output-watch-events', type: 'bool' },
	{ name: 'chunk-size', type: 'int' }
];

const HELP = `Display one or many resources.

 Prints a table of the most important information about the specified resources. You can filter the
list using a label selector and the --selector flag.

Examples:
  # List all pods in ps output format
  kubectl get pods

  # List all pods in ps output format with more information (such as node name)
  kubectl get pods -o wide

  # List deployments and services together
  kubectl get deploy,svc

  # List a single pod in JSON output format
  kubectl get -o json pod web-pod-13je7

  # Return only the IP of a pod
  kubectl get pod web-pod-13je7 -o jsonpath='{.status.podIP}'

Options:
  -A, --all-namespaces=false: List the requested object(s) across all namespaces.
      --field-selector='': Selector (field query) to filter on, supports '=', '==', and '!='.
      --ignore-not-found=false: If the requested object does not exist the command will return exit code 0.
  -L, --label-columns=[]: Accepts a comma separated list of labels that are going to be presented as columns.
      --output-watch-events=false: Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.
      --no-headers=false: When using the default or custom-column output format, don't print headers.
  -o, --output='': Output format. One of: (json, yaml, name, go-template, go-template-file, template,
templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide).
  -l, --selector='': Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.
      --show-kind=false: If present, list the resource type for the requested object(s).
      --show-labels=false: When printing, show all labels as the last column.
      --sort-by='': If non-empty, sort list types using this field specification (a JSONPath expression).
  -w, --watch=false: After listing/getting the requested object, watch for changes.
      --watch-only=false: Watch for changes to the requested object(s), without listing/getting first.

Usage:
  kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const NO_TYPE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples
`;

interface Fetched {
	readonly arg: ResourceArg;
	readonly objects: KubeObject[];
}

/** Orders like the API server's list (namespace, then name). */
function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
	const ns = (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '');
	return ns !== 0 ? ns : a.metadata.name.localeCompare(b.metadata.name);
}

function sortBy(objects: KubeObject[], expr: string): KubeObject[] | string {
	const path = parseJsonPath(relaxedJsonPath(expr));
	if (isJsonPathError(path)) return path.message;
	const key = (o: KubeObject): unknown => path.values(o)[0];
	return [...objects].sort((a, b) => {
		const x = key(a);
		const y = key(b);
		if (typeof x === 'number' && typeof y === 'number') return x - y;
		return String(x ?? '').localeCompare(String(y ?? ''));
	});
}

const labelColumnsOf = (flags: ParsedFlags): string[] =>
	strings(flags, 'label-columns')
		.flatMap((l) => l.split(','))
		.filter((l) => l !== '');

/** `--request-timeout`: a bare number is seconds, else a Go duration; 0 means none. */
function requestTimeout(text: string | undefined): number | string {
	if (text === undefined || text === '' || text === '0') return 0;
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	const d = parseGoDuration(text);
	return typeof d === 'string'
		? 'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)'
		: d;
}

function render(
	fetched: readonly Fetched[],
	format: OutputFormat,
	flags: ParsedFlags,
	nowMs: number,
	singleItem: boolean,
	ctx: CommandContext
): string {
	const all = fetched.flatMap((f) => f.objects);
	const noHeaders = bool(flags, 'no-headers');
	switch (format.kind) {
		case 'name':
			return all.length === 0
				? ''
				: fetched.flatMap((f) => f.objects.map((o) => resourceName(f.arg.type, o) + '\n')).join('');
		case 'yaml':
			return toYaml(singleItem && all.length === 1 ? all[0] : asList(all));
		case 'json':
			return toJson(singleItem && all.length === 1 ? all[0] : asList(all));
		case 'jsonpath':
			return format.path.execute(
				JSON.parse(JSON.stringify(singleItem && all.length === 1 ? all[0] : asList(all)))
			);
		case 'custom-columns':
			return all.length === 0 ? '' : printCustomColumns(all, format.columns, noHeaders);
		case 'table': {
			const withKind = fetched.length > 1 || bool(flags, 'show-kind');
			const labelColumns = labelColumnsOf(flags);
			return fetched
				.filter((f) => f.objects.length > 0)
				.map((f) =>
					printTable(
						f.objects,
						columnsFor(ctx.cluster.api, f.arg.type),
						{
							wide: format.wide,
							showLabels: bool(flags, 'show-labels'),
							labelColumns,
							noHeaders,
							withNamespace: bool(flags, 'all-namespaces') && f.arg.type.namespaced,
							kindPrefix: withKind ? qualifiedKind(f.arg.type) : undefined
						},
						{ nowMs }
					)
				)
				.join('\n');
		}
	}
}

export async function runGet(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parseVerbFlags(io, 'get', argv, FLAGS);
	if (typeof flags === 'number') return flags;
	if (bool(flags, 'help')) {
		io.stdout(HELP);
		return 0;
	}
	const watch = bool(flags, 'watch') || bool(flags, 'watch-only');
	if (bool(flags, 'output-watch-events') && !watch) {
		io.stderr(
			'error: --output-watch-events option can only be used with --watch or --watch-only\n'
		);
		return 1;
	}
	const format = parseOutputFormat(str(flags, 'output'));
	if (isOutputError(format)) {
		io.stderr(`error: ${format.message}\n`);
		return 1;
	}
	const allNamespaces = bool(flags, 'all-namespaces');
	const namespace = str(flags, 'namespace') || defaultNamespace(ctx.vfs);
	if (flags.positional.length === 0) {
		io.stderr(NO_TYPE);
		return 1;
	}
	const args = parseResourceArgs(ctx.cluster.api, flags.positional, { namespace, allNamespaces });
	if (isApiError(args)) return printApiError(io, args);
	const labelSelector = str(flags, 'selector');
	const fieldSelector = str(flags, 'field-selector');
	if (labelSelector && args.some((a) => a.names.length > 0)) {
		io.stderr('error: name cannot be provided when a selector is specified\n');
		return 1;
	}

	if (watch && args.length > 1) {
		io.stderr('error: you may only specify a single resource type\n');
		return 1;
	}
	const timeoutMs = requestTimeout(str(flags, 'request-timeout'));
	if (typeof timeoutMs === 'string') {
		io.stderr(`error: ${timeoutMs}\n`);
		return 1;
	}
	printDeprecationWarnings(io, args);
	const errors: string[] = [];
	const fetched: Fetched[] = [];
	for (const arg of args) {
		let objects: KubeObject[] = [];
		if (arg.names.length > 0) {
			for (const name of arg.names) {
				const obj = ctx.cluster.api.get(arg.type, arg.namespace, name);
				if (!isApiError(obj)) objects.push(obj);
				else if (!(obj.reason === 'NotFound' && bool(flags, 'ignore-not-found')))
					errors.push(formatApiError(obj));
			}
		} else {
			const list = ctx.cluster.api.list(arg.type, {
				...(arg.namespace !== undefined ? { namespace: arg.namespace } : {}),
				...(labelSelector ? { labelSelector } : {}),
				...(fieldSelector ? { fieldSelector } : {})
			});
			if (isApiError(list)) return printApiError(io, list);
			objects = [...list].sort(byNamespaceAndName);
		}
		const sortExpr = str(flags, 'sort-by');
		if (sortExpr && bool(flags, 'watch-only'))
			io.stderr('warning: --watch-only requested, --sort-by will be ignored\n');
		else if (sortExpr) {
			const sorted = sortBy(objects, sortExpr);
			if (typeof sorted === 'string') {
				io.stderr(`error: ${sorted}\n`);
				return 1;
			}
			objects = sorted;
		}
		fetched.push({ arg, objects });
	}

	if (watch) {
		for (const e of errors) io.stderr(e + '\n');
		if (errors.length > 0) return 1;
		const [arg] = args as [ResourceArg];
		// get.go watch: a named object that is not found ends it quietly with --ignore-not-found.
		if (arg.names.length > 0 && fetched[0]?.objects.length === 0) return 0;
		return runWatch(
			{
				type: arg.type,
				namespace: arg.namespace,
				names: arg.names,
				labelSelector,
				fieldSelector,
				initial: fetched[0]?.objects ?? [],
				format,
				table: {
					showLabels: bool(flags, 'show-labels'),
					labelColumns: labelColumnsOf(flags),
					noHeaders: bool(flags, 'no-headers'),
					withNamespace: allNamespaces && arg.type.namespaced,
					...(bool(flags, 'show-kind') ? { kindPrefix: qualifiedKind(arg.type) } : {})
				},
				watchOnly: bool(flags, 'watch-only'),
				outputEvents: bool(flags, 'output-watch-events'),
				timeoutMs
			},
			io,
			ctx
		);
	}
	const singleItem = args.length === 1 && args[0]?.names.length === 1;
	const generic = format.kind !== 'table' && format.kind !== 'custom-columns';
	// get.go printGeneric: a single named object that is missing is just its error, and with
	// --ignore-not-found nothing found prints nothing; otherwise an empty List.
	const nothing =
		generic &&
		fetched.every((f) => f.objects.length === 0) &&
		(singleItem || bool(flags, 'ignore-not-found'));
	const out = nothing ? '' : render(fetched, format, flags, clusterNowMs(ctx), singleItem, ctx);
	if (out !== '') io.stdout(out);
	for (const e of errors) io.stderr(e + '\n');
	const humanReadable = format.kind === 'table' || format.kind === 'custom-columns';
	if (out === '' && errors.length === 0 && humanReadable && !bool(flags, 'ignore-not-found')) {
		const allNamespaced = !allNamespaces && args.every((a) => a.type.namespaced);
		io.stderr(
			allNamespaced ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n'
		);
	}
	return errors.length > 0 ? 1 : 0;
}

export const getVerb: KubectlVerb = {
	name: 'get',
	flags: FLAGS,
	summary: 'Display one or many resources',
	group: 'Basic Commands (Intermediate)',
	run: runGet
};
