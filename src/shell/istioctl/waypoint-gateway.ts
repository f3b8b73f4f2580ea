/**
 * What the `istioctl waypoint` subcommands share (istioctl/pkg/waypoint/waypoint.go): the
 * Gateway `makeGateway` builds, the Gateway API client errors, and reading the namespace.
 */
import type { ApiServer, ResourceType } from '../../mesh/api/api-server.ts';
import { NAMESPACES } from '../../mesh/api/builtin-resources.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { CommandContext } from '../command.ts';
import { str, type FlagSpec, type ParsedFlags } from '../kubectl/flags.ts';
import { defaultNamespace } from '../kubectl/kubeconfig.ts';

export const WAYPOINT_CLASS = 'istio-waypoint';
export const DEFAULT_WAYPOINT = 'waypoint';
export const TRAFFIC_TYPES = ['all', 'none', 'service', 'workload'] as const;

/** `--name`, the waypoint command's persistent flag. */
export const NAME_FLAG: FlagSpec = {
	name: 'name',
	type: 'string',
	description: 'name of the waypoint (default "waypoint")'
};

export const FOR_FLAG: FlagSpec = {
	name: 'for',
	type: 'string',
	description: 'Specify the traffic type [all none service workload] for the waypoint'
};

/** ctx.NamespaceOrDefault(ctx.Namespace()). */
export function namespaceOf(flags: ParsedFlags, ctx: CommandContext): string {
	return str(flags, 'namespace') || defaultNamespace(ctx.vfs);
}

export function gatewayType(api: ApiServer): ResourceType | undefined {
	return api.resolve('gateways.gateway.networking.k8s.io');
}

/** The dynamic client's 404 for a resource the server does not serve. */
export const notServed = (verb: string, name?: string): string =>
	`the server could not find the requested resource (${verb} gateways.gateway.networking.k8s.io${name ? ` ${name}` : ''})`;

/** makeGateway: the waypoint Gateway, labelled only with what the user asked for. */
export function makeGateway(options: {
	name: string | undefined;
	namespace: string | undefined;
	trafficType: string | undefined;
	revision: string | undefined;
}): KubeObject | { error: string } {
	const name = options.name === undefined || options.name === '' ? DEFAULT_WAYPOINT : options.name;
	if (name === 'none')
		return { error: "invalid name provided for waypoint, 'none' is a reserved value" };
	const labels: Record<string, string> = {};
	if (options.trafficType !== undefined && options.trafficType !== '') {
		if (!(TRAFFIC_TYPES as readonly string[]).includes(options.trafficType))
			return {
				error: `invalid traffic type: ${options.trafficType}. Valid options are: [${TRAFFIC_TYPES.join(' ')}]`
			};
		labels['istio.io/waypoint-for'] = options.trafficType;
	}
	if (options.revision) labels['istio.io/rev'] = options.revision;
	return {
		apiVersion: 'gateway.networking.k8s.io/v1',
		kind: 'Gateway',
		metadata: {
			...(Object.keys(labels).length > 0 ? { labels } : {}),
			name,
			...(options.namespace ? { namespace: options.namespace } : {})
		} as KubeObject['metadata'],
		spec: {
			gatewayClassName: WAYPOINT_CLASS,
			listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }]
		}
	};
}

/** getNamespace: `namespace: <ns> not found` when it does not exist. */
export function getNamespace(
	api: ApiServer,
	ns: string
): { namespace: KubeObject } | { error: string } {
	const live = api.get(NAMESPACES, undefined, ns);
	if (isApiError(live)) return { error: `namespace: ${ns} not found` };
	return { namespace: live };
}

/** Gateways in a namespace (all with ''), sorted by namespace then name, as the commands sort. */
export function listGateways(api: ApiServer, type: ResourceType, namespace: string): KubeObject[] {
	const r = api.list(type, namespace ? { namespace } : {});
	if (isApiError(r)) return [];
	const key = (g: KubeObject) => [g.metadata.namespace ?? '', g.metadata.name] as const;
	return [...r].sort((a, b) => {
		const [na, a1] = key(a);
		const [nb, b1] = key(b);
		return na < nb ? -1 : na > nb ? 1 : a1 < b1 ? -1 : a1 > b1 ? 1 : 0;
	});
}

export const isWaypoint = (gw: KubeObject): boolean =>
	(gw['spec'] as { gatewayClassName?: unknown } | undefined)?.gatewayClassName === WAYPOINT_CLASS;

/** The Gateway's `type` condition, if any. */
export function gatewayCondition(
	gw: KubeObject,
	type: string
): { status: string; type: string; reason: string; message: string } | undefined {
	const conditions = (gw['status'] as { conditions?: unknown } | undefined)?.conditions;
	if (!Array.isArray(conditions)) return undefined;
	const c = conditions.find((x) => (x as { type?: unknown }).type === type) as
		Record<string, unknown> | undefined;
	if (!c) return undefined;
	return {
		status: String(c['status'] ?? ''),
		type: String(c['type'] ?? ''),
		reason: String(c['reason'] ?? ''),
		message: String(c['message'] ?? '')
	};
}

export const isProgrammed = (gw: KubeObject): boolean =>
	gatewayCondition(gw, 'Programmed')?.status === 'True';
