/**
 * `istioctl ztunnel-config` (`zc`): reads a ztunnel's `/config_dump` and prints its workloads,
 * services, policies, certificates and open connections (`log` talks to `/logging`). Mirrors istio istioctl/pkg/ztunnelconfig/ztunnelconfig.go:
 * `-n` names the *ztunnel's* namespace, `--workload-namespace` filters workloads, and a pod that
 * is not a ztunnel is refused (the mistake of istio/istio#42809).
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { Pod } from '../../mesh/api/objects.ts';
import { simDate } from '../../mesh/tls/certificate.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str, type FlagSpec, type ParsedFlags } from '../kubectl/flags.ts';
import { fail, istioNamespace, parseCommandFlags } from './common.ts';
import type { IstioctlCommand } from './types.ts';
import {
	certificateSummary,
	filterPolicies,
	filterServices,
	filterWorkloads,
	fullSummary,
	parseDump,
	policySummary,
	rawDump,
	serviceSummary,
	workloadSummary,
	type ZtunnelDump
} from './ztunnel-config/summaries.ts';
import {
	fetchConfigDump,
	inferPod,
	inferPods,
	isTargetError,
	podOnNode,
	ztunnelPod,
	type TargetError,
	type ZtunnelRef
} from './ztunnel-config/target.ts';
import { COMMON_FLAGS } from './ztunnel-config/flags.ts';
import { ztunnelLogCommand } from './ztunnel-config/log.ts';
import { connectionsDump, connectionsSummary } from './ztunnel-config/connections.ts';

type Format = 'short' | 'json' | 'yaml';

interface Section {
	readonly name: string;
	readonly aliases: readonly string[];
	readonly summary: string;
	readonly usage: string;
	readonly flags: readonly FlagSpec[];
	/**
	 * runConfigDump's enforceSinglePod: certificates differ per ztunnel, so without a pod name or
	 * `--node` istioctl refuses to pick one of several.
	 */
	readonly singlePod: boolean;
	render(
		dump: ZtunnelDump,
		format: Format,
		flags: ParsedFlags,
		now: Date,
		target: ZtunnelRef | undefined
	): string;
}

const raw = <T extends { raw: unknown }>(list: readonly T[]): unknown[] => list.map((x) => x.raw);

const SECTIONS: readonly Section[] = [
	{
		name: 'workload',
		aliases: ['w', 'workloads'],
		summary: 'Retrieves workload configuration for the specified Ztunnel pod.',
		usage: 'istioctl ztunnel-config workload [<type>/]<name>[.<namespace>] [flags]',
		flags: [
			{ name: 'address', type: 'string', description: 'Filter workloads by address field' },
			{
				name: 'workload-namespace',
				type: 'string',
				description: 'Filter workloads by namespace field'
			},
			{ name: 'workload-node', type: 'string', description: 'Filter workloads by node' }
		],
		singlePod: false,
		render(dump, format, flags, _now, target) {
			const filter = {
				namespace: target?.namespace ?? str(flags, 'workload-namespace') ?? '',
				address: str(flags, 'address') ?? '',
				node: str(flags, 'workload-node') ?? '',
				name: target?.name ?? ''
			};
			if (format !== 'short') return rawDump(raw(filterWorkloads(dump, filter)), format);
			return workloadSummary(dump, filter);
		}
	},
	{
		name: 'connections',
		aliases: ['cons'],
		summary: 'Retrieves connections for the specified Ztunnel pod.',
		usage: 'istioctl ztunnel-config connections [<type>/]<name>[.<namespace>] [flags]',
		flags: [
			{
				name: 'direction',
				type: 'string',
				description: 'Filter workloads by direction (inbound or outbound)'
			},
			{
				name: 'raw',
				type: 'bool',
				description: 'If set, show IP addresses instead of names'
			},
			{
				name: 'workload-namespace',
				type: 'string',
				description: 'Filter workloads by namespace field'
			}
		],
		singlePod: true,
		render(dump, format, flags, _now, target) {
			const filter = {
				namespace: target?.namespace ?? str(flags, 'workload-namespace') ?? '',
				direction: str(flags, 'direction') ?? '',
				raw: bool(flags, 'raw'),
				workload: target?.name ?? ''
			};
			if (format !== 'short') return connectionsDump(dump, filter, format);
			return connectionsSummary(dump, filter);
		}
	},
	{
		name: 'service',
		aliases: ['services', 's', 'svc'],
		summary: 'Retrieves services for the specified Ztunnel pod.',
		usage: 'istioctl ztunnel-config service [flags]',
		flags: [
			{
				name: 'service-namespace',
				type: 'string',
				description: 'Filter services by namespace field'
			}
		],
		singlePod: false,
		render(dump, format, flags) {
			const ns = str(flags, 'service-namespace') ?? '';
			if (format !== 'short') return rawDump(raw(filterServices(dump, ns)), format);
			return serviceSummary(dump, ns);
		}
	},
	{
		name: 'policy',
		aliases: ['policies', 'p', 'pol'],
		summary: 'Retrieves policies for the specified Ztunnel pod.',
		usage: 'istioctl ztunnel-config policy [flags]',
		flags: [
			{
				name: 'policy-namespace',
				type: 'string',
				description: 'Filter policies by namespace field'
			}
		],
		singlePod: false,
		render(dump, format, flags) {
			const ns = str(flags, 'policy-namespace') ?? '';
			if (format !== 'short') return rawDump(raw(filterPolicies(dump, ns)), format);
			return policySummary(dump, ns);
		}
	},
	{
		name: 'certificate',
		aliases: ['certificates', 'certs', 'cert'],
		summary: 'Retrieves certificate for the specified Ztunnel pod.',
		usage: 'istioctl ztunnel-config certificate [flags]',
		flags: [],
		singlePod: true,
		render(dump, format, _flags, now) {
			if (format !== 'short') return rawDump(raw(dump.certificates), format);
			return certificateSummary(dump, now);
		}
	},
	{
		name: 'all',
		aliases: [],
		summary: 'Retrieves all configuration for the specified Ztunnel pod.',
		usage: 'istioctl ztunnel-config all [flags]',
		flags: [],
		singlePod: false,
		render(dump, format, _flags, now) {
			if (format !== 'short') return rawDump(dump.full, format);
			return fullSummary(dump, now);
		}
	}
];

/** runConfigDump's choice of ztunnel, then IsZtunnelPod. */
function chooseZtunnel(
	api: ApiServer,
	flags: ParsedFlags,
	singlePod: boolean
): ZtunnelRef | TargetError {
	const istioNs = istioNamespace(flags);
	const node = str(flags, 'node') ?? '';
	const pod = flags.positional[0];
	if (node !== '' && pod !== undefined)
		return { error: 'at most one of --file, --node, or pod name must be passed' };
	if (node !== '') return podOnNode(api, node, istioNs);
	// getComponentPodName: -n names the ztunnel's namespace, else the Istio namespace.
	const namespace = str(flags, 'namespace') || istioNs;
	if (pod !== undefined) return inferPod(api, pod, namespace);
	if (!singlePod) return inferPod(api, 'daemonset/ztunnel', namespace);
	// InferPodsFromTypedResource: certificates differ per node, so exactly one ztunnel may match.
	const all = inferPods(api, 'daemonset/ztunnel', namespace);
	if (isTargetError(all)) return all;
	const only = all[0];
	if (all.length !== 1 || !only) return { error: 'ztunnel pod name or --node must be set' };
	return only;
}

/**
 * runConfigDump after the lookup (istioctl 1.30): a ztunnel pod is asked directly; a workload
 * pod is resolved to the ztunnel on its node, and the output is filtered to that workload.
 */
function resolveZtunnel(
	api: ApiServer,
	ref: ZtunnelRef,
	istioNs: string
): { pod: Pod; target: ZtunnelRef | undefined } | TargetError {
	const z = ztunnelPod(api, ref);
	if (z) return { pod: z, target: undefined };
	const where = `${ref.name}.${ref.namespace}`;
	const type = api.resolve('pods');
	const workload = type ? api.get(type, ref.namespace, ref.name) : undefined;
	if (!workload || isApiError(workload))
		return { error: `failed to get pod ${where}: ${workload?.message ?? 'no pods resource'}` };
	const node = (workload as Pod).spec.nodeName;
	if (!node) return { error: `pod ${where} is not scheduled to a node` };
	const onNode = podOnNode(api, node, istioNs);
	if (isTargetError(onNode))
		return { error: `failed to find ztunnel on node ${node} for pod ${where}: ${onNode.error}` };
	const pod = ztunnelPod(api, onNode);
	if (!pod) return { error: `failed to find ztunnel on node ${node} for pod ${where}` };
	return { pod, target: ref };
}

function sectionCommand(section: Section): IstioctlCommand {
	const specs = [...COMMON_FLAGS, ...section.flags];
	return {
		name: section.name,
		aliases: section.aliases,
		summary: section.summary,
		usage: section.usage,
		flags: specs,
		async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
			const flags = parseCommandFlags(io, argv, specs);
			if (typeof flags === 'number') return flags;
			const api = ctx.cluster.api;
			const chosen = chooseZtunnel(api, flags, section.singlePod);
			if (isTargetError(chosen)) return fail(io, chosen.error);
			const resolved = resolveZtunnel(api, chosen, istioNamespace(flags));
			if (isTargetError(resolved)) return fail(io, resolved.error);
			const { pod, target } = resolved;
			const body = await fetchConfigDump(ctx.cluster, pod);
			if (isTargetError(body)) return fail(io, body.error);
			const dump = parseDump(body);
			if ('error' in dump) return fail(io, dump.error);
			const output = str(flags, 'output') ?? 'short';
			if (output !== 'short' && output !== 'json' && output !== 'yaml')
				return fail(io, `output format "${output}" not supported`);
			io.stdout(section.render(dump, output, flags, simDate(ctx.cluster.now()), target));
			return 0;
		}
	};
}

export const ztunnelConfigCommand: IstioctlCommand = {
	name: 'ztunnel-config',
	aliases: ['zc'],
	summary: 'Update or retrieve current Ztunnel configuration.',
	long: 'A group of commands used to update or retrieve Ztunnel configuration from a Ztunnel instance.',
	example: `  # Retrieve summary about workload configuration
  istioctl ztunnel-config workload

  # Retrieve summary about certificates
  istioctl ztunnel-config certificates`,
	usage: 'istioctl ztunnel-config [command]',
	flags: [],
	subcommands: [...SECTIONS.map(sectionCommand), ztunnelLogCommand]
};
