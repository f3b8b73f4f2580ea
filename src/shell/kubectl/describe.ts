/**
 * `kubectl describe`: mirrors kubectl/pkg/cmd/describe/describe.go. `describe TYPE NAME` that is
 * not found falls back to every object whose name starts with NAME (so `describe pod productpage`
 * works); outputs are separated by `\n\n` after each text, as kubectl does.
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import { formatApiError, isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import type { FlagSpec } from './flags.ts';
import { bool, str } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { describerFor } from './printers/describe/index.ts';
import { clusterNowMs } from './printers/duration.ts';
import { parseResourceArgs, printDeprecationWarnings } from './resource-args.ts';
import { parseVerbFlags, printApiError, type KubectlVerb } from './verb.ts';

const FLAGS: readonly FlagSpec[] = [
	{ name: 'all-namespaces', short: 'A', type: 'bool' },
	{ name: 'selector', short: 'l', type: 'string' },
	{ name: 'show-events', type: 'bool', default: true }
];

const HELP = `Show details of a specific resource or group of resources.

 Print a detailed description of the selected resources, including related resources such as events
or controllers. You may select a single object by name, all objects of that type, provide a name
prefix, or label selector.

Examples:
  # Describe a node
  kubectl describe nodes kubernetes-node-emt8.c.myproject.internal

  # Describe a pod
  kubectl describe pods/nginx

  # Describe all pods
  kubectl describe pods

  # Describe pods by label name=myLabel
  kubectl describe pods -l name=myLabel

Options:
  -A, --all-namespaces=false: If present, list the requested object(s) across all namespaces.
  -l, --selector='': Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.
      --show-events=true: If true, display events related to the described object.

Usage:
  kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const NO_TYPE = `You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl describe -h' for help and examples
`;

/** Events whose involvedObject is `obj`, as kubectl's field-selected event search finds them. */
function eventsFor(api: ApiServer, obj: KubeObject): KubeObject[] {
	const type = api.resolve('events');
	if (!type) return [];
	const list = api.list(type, obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {});
	if (isApiError(list)) return [];
	return list.filter((e) => {
		const ref = (e as { involvedObject?: { kind?: string; name?: string; uid?: string } })
			.involvedObject;
		if (!ref || ref.kind !== obj.kind || ref.name !== obj.metadata.name) return false;
		return !ref.uid || !obj.metadata.uid || ref.uid === obj.metadata.uid;
	});
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseVerbFlags(io, 'describe', argv, FLAGS);
	if (typeof flags === 'number') return flags;
	if (bool(flags, 'help')) {
		io.stdout(HELP);
		return 0;
	}
	if (flags.positional.length === 0) {
		io.stderr(NO_TYPE);
		return 1;
	}
	const api = ctx.cluster.api;
	const allNamespaces = bool(flags, 'all-namespaces');
	const namespace = str(flags, 'namespace') || defaultNamespace(ctx.vfs);
	const args = parseResourceArgs(api, flags.positional, { namespace, allNamespaces });
	if (isApiError(args)) return printApiError(io, args);
	printDeprecationWarnings(io, args);
	const selector = str(flags, 'selector');
	const showEvents = flags.values.get('show-events') !== false;

	const objects: KubeObject[] = [];
	const errors: string[] = [];
	for (const arg of args) {
		if (arg.names.length === 0) {
			const list = api.list(arg.type, {
				...(arg.namespace !== undefined ? { namespace: arg.namespace } : {}),
				...(selector ? { labelSelector: selector } : {})
			});
			if (isApiError(list)) return printApiError(io, list);
			objects.push(...[...list].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)));
			continue;
		}
		for (const name of arg.names) {
			const obj = api.get(arg.type, arg.namespace, name);
			if (!isApiError(obj)) {
				objects.push(obj);
				continue;
			}
			// Only the `TYPE NAME` form falls back to prefix matching (DescribeMatchingResources).
			const prefixForm =
				obj.reason === 'NotFound' &&
				flags.positional.length === 2 &&
				!flags.positional[0]?.includes('/');
			const list = prefixForm
				? api.list(arg.type, arg.namespace !== undefined ? { namespace: arg.namespace } : {})
				: [];
			const matches = isApiError(list) ? [] : list.filter((o) => o.metadata.name.startsWith(name));
			if (matches.length > 0)
				objects.push(...matches.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)));
			else errors.push(formatApiError(obj));
		}
	}

	const nowMs = clusterNowMs(ctx);
	const texts = objects.map((o) =>
		describerFor(o.kind)(o, { api, nowMs, events: showEvents ? eventsFor(api, o) : undefined })
	);
	if (texts.length > 0) io.stdout(texts.join('\n\n'));
	for (const e of errors) io.stderr(e + '\n');
	if (objects.length === 0 && errors.length === 0) {
		const allNamespaced = !allNamespaces && args.every((a) => a.type.namespaced);
		io.stderr(
			allNamespaced ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n'
		);
	}
	return errors.length > 0 ? 1 : 0;
}

export const describeVerb: KubectlVerb = {
	name: 'describe',
	flags: FLAGS,
	summary: 'Show details of a specific resource or group of resources',
	group: 'Troubleshooting and Debugging Commands',
	run
};
