/**
 * `kubectl logs (POD | TYPE/NAME | -l SELECTOR) [-c CONTAINER] [--tail N]`. Mirrors kubectl
 * pkg/cmd/logs/logs.go: a workload picks one pod (saying so when it had several); a selector
 * prints every matching pod's last 10 lines unless `--tail` says otherwise.
 */
import { ephemeralContainersOf } from '../../mesh/api/ephemeral-containers.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { Pod } from '../../mesh/api/objects.ts';
import { startOrder } from '../../mesh/api/pod-containers.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { fail } from './apply.ts';
import { attachablePodFor, defaultContainer } from './exec.ts';
import { bool, int, str } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { parseVerbFlags, printApiError, type KubectlVerb } from './verb.ts';

const FLAGS = [
	{ name: 'container', short: 'c', type: 'string' },
	{ name: 'tail', type: 'int' },
	{ name: 'selector', short: 'l', type: 'string' },
	{ name: 'all-containers', type: 'bool' },
	{ name: 'follow', short: 'f', type: 'bool' },
	{ name: 'previous', short: 'p', type: 'bool' },
	{ name: 'prefix', type: 'bool' },
	{ name: 'timestamps', type: 'bool' },
	{ name: 'since', type: 'string' },
	{ name: 'max-log-requests', type: 'int' },
	{ name: 'ignore-errors', type: 'bool' },
	{ name: 'quiet', short: 'q', type: 'bool' }
] as const;

/** Every container a log can be read from: ephemeral ones (`kubectl debug`) too. */
/** Every container with a log: init containers (run or running), the app's, ephemeral ones. */
const containersOf = (pod: Pod) => [...startOrder(pod), ...ephemeralContainersOf(pod)];

const USAGE = `expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.
POD or TYPE/NAME is a required argument for the logs command
See 'kubectl logs -h' for help and examples`;

export const logsVerb: KubectlVerb = {
	name: 'logs',
	flags: FLAGS,
	summary: 'Print the logs for a container in a pod',
	group: 'Troubleshooting and Debugging Commands',
	async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
		const flags = parseVerbFlags(io, 'logs', argv, FLAGS);
		if (typeof flags === 'number') return flags;

		// Complete
		const namespace = str(flags, 'namespace') || defaultNamespace(ctx.vfs);
		const selector = str(flags, 'selector');
		const [ref, legacyContainer] = flags.positional;
		const containerFlag = str(flags, 'container') || legacyContainer;
		const allContainers = bool(flags, 'all-containers');
		const prefix = bool(flags, 'prefix');
		const tail = int(flags, 'tail') ?? (selector !== undefined ? 10 : -1);

		// Validate
		if (selector !== undefined && ref !== undefined)
			return fail(io, 'only one of -l or POD or TYPE/NAME may be specified');
		if (selector === undefined && ref === undefined) return fail(io, USAGE);
		if (flags.positional.length > 2) return fail(io, USAGE);

		// Run
		let pods: Pod[];
		if (selector !== undefined) {
			const type = ctx.cluster.api.resolve('pods');
			const listed = type ? ctx.cluster.api.list(type, { namespace, labelSelector: selector }) : [];
			if (isApiError(listed)) return printApiError(io, listed);
			if (listed.length === 0) {
				io.stderr(`No resources found in ${namespace} namespace.\n`);
				return 0;
			}
			pods = listed as Pod[];
		} else {
			const found = await attachablePodFor(ctx, ref as string, namespace);
			if (isApiError(found)) return printApiError(io, found);
			if (found.count > 1 && (ref as string).includes('/'))
				io.stderr(`Found ${found.count} pods, using pod/${found.pod.metadata.name}\n`);
			pods = [found.pod];
		}

		for (const pod of pods) {
			const containers = allContainers
				? containersOf(pod).map((c) => c.name)
				: [
						containerFlag ||
							defaultContainer(pod, io, bool(flags, 'quiet') || selector !== undefined)
					];
			for (const container of containers) {
				if (container && !containersOf(pod).some((c) => c.name === container))
					return fail(io, `container ${container} is not valid for pod ${pod.metadata.name}`);
				const lines = await ctx.cluster.logs(
					pod.metadata.namespace ?? namespace,
					pod.metadata.name,
					container,
					{ previous: bool(flags, 'previous') }
				);
				if (isApiError(lines)) return printApiError(io, lines);
				const shown = tail >= 0 ? lines.slice(Math.max(lines.length - tail, 0)) : lines;
				const lead = prefix ? `[pod/${pod.metadata.name}/${container ?? ''}] ` : '';
				for (const line of shown) io.stdout(`${lead}${line}\n`);
			}
		}
		return 0;
	}
};
