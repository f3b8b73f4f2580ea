/**
 * AuthorizationPolicies with `targetRefs`: enforced by waypoints (and Istio gateways), never by
 * ztunnel ("TargetRef is not intended for ztunnel"). Mirrors istio
 * pilot/pkg/model/authorization.go (`PolicyMatcherForProxy`: a Gateway target in the policy's
 * namespace, a Service target bound to the waypoint) and the `WaypointAccepted` status of
 * pilot/pkg/serviceregistry/ambient/policies.go: `bound to <ns>/<waypoint>`, or why nothing
 * enforces it (`AncestorNotBound`, `TargetNotFound`, `PartiallyInvalid`).
 */
import type { KubeObject, Service as KubeService } from '../api/objects.ts';
import type { StringMatch } from '../xds/workload-api.ts';
import type {
	L7Authorization,
	L7Condition,
	L7Operation,
	L7Rule,
	L7Source
} from '../xds/waypoint-config.ts';
import { serviceAccountsToPrincipals, stringToMatch, stringToPort } from './match-values.ts';
import { parseBool } from './parse-bool.ts';
import { serviceHostname } from './services.ts';
import { arr, obj } from '../json.ts';

type Obj = Record<string, unknown>;
const strs = (o: Obj, k: string): string[] =>
	arr(o[k]).filter((v): v is string => typeof v === 'string');

/** The condition istiod writes on a targetRefs AuthorizationPolicy. */
export interface WaypointAcceptedCondition {
	readonly type: 'WaypointAccepted';
	readonly status: 'True' | 'False';
	readonly reason: string;
	readonly message: string;
}

export interface TargetRef {
	readonly group: string;
	readonly kind: string;
	readonly name: string;
}

/** GetTargetRefs: `targetRefs`, or the deprecated singular `targetRef`. */
export function targetRefsOf(ap: KubeObject): TargetRef[] {
	const spec = obj(ap['spec']);
	const refs = [...arr(spec['targetRefs']), ...(spec['targetRef'] ? [spec['targetRef']] : [])];
	return refs.map(obj).map((r) => ({
		group: typeof r['group'] === 'string' ? r['group'] : '',
		kind: typeof r['kind'] === 'string' ? r['kind'] : '',
		name: typeof r['name'] === 'string' ? r['name'] : ''
	}));
}

const matches = (o: Obj, k: string): StringMatch[] | undefined => {
	const v = strs(o, k);
	return v.length > 0 ? stringToMatch(v) : undefined;
};
const list = (o: Obj, k: string): string[] | undefined => {
	const v = strs(o, k);
	return v.length > 0 ? v : undefined;
};

function source(src: Obj, namespace: string): L7Source {
	const principals = [
		...(matches(src, 'principals') ?? []),
		...serviceAccountsToPrincipals(strs(src, 'serviceAccounts'), namespace)
	];
	const notPrincipals = [
		...(matches(src, 'notPrincipals') ?? []),
		...serviceAccountsToPrincipals(strs(src, 'notServiceAccounts'), namespace)
	];
	const out: Record<string, unknown> = {
		principals: principals.length > 0 ? principals : undefined,
		notPrincipals: notPrincipals.length > 0 ? notPrincipals : undefined,
		namespaces: matches(src, 'namespaces'),
		notNamespaces: matches(src, 'notNamespaces'),
		ipBlocks: list(src, 'ipBlocks'),
		notIpBlocks: list(src, 'notIpBlocks'),
		remoteIpBlocks: list(src, 'remoteIpBlocks'),
		notRemoteIpBlocks: list(src, 'notRemoteIpBlocks'),
		requestPrincipals: matches(src, 'requestPrincipals'),
		notRequestPrincipals: matches(src, 'notRequestPrincipals')
	};
	return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as L7Source;
}

function operation(op: Obj): L7Operation {
	const ports = strs(op, 'ports');
	const notPorts = strs(op, 'notPorts');
	const out: Record<string, unknown> = {
		hosts: matches(op, 'hosts'),
		notHosts: matches(op, 'notHosts'),
		ports: ports.length > 0 ? stringToPort(ports) : undefined,
		notPorts: notPorts.length > 0 ? stringToPort(notPorts) : undefined,
		methods: list(op, 'methods'),
		notMethods: list(op, 'notMethods'),
		paths: matches(op, 'paths'),
		notPaths: matches(op, 'notPaths')
	};
	return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as L7Operation;
}

function condition(w: Obj): L7Condition {
	const values = strs(w, 'values');
	const notValues = strs(w, 'notValues');
	return {
		key: typeof w['key'] === 'string' ? w['key'] : '',
		...(values.length > 0 ? { values } : {}),
		...(notValues.length > 0 ? { notValues } : {})
	};
}

/** The policy's rules as the waypoint evaluates them. */
export function l7Rules(ap: KubeObject): L7Rule[] {
	const namespace = ap.metadata.namespace ?? 'default';
	return arr(obj(ap['spec'])['rules']).map((r) => {
		const rule = obj(r);
		return {
			from: arr(rule['from']).map((f) => source(obj(obj(f)['source']), namespace)),
			to: arr(rule['to']).map((t) => operation(obj(obj(t)['operation']))),
			when: arr(rule['when']).map((w) => condition(obj(w)))
		};
	});
}

export function l7Action(ap: KubeObject): L7Authorization['action'] {
	const a = obj(ap['spec'])['action'];
	return a === 'DENY' || a === 'AUDIT' || a === 'CUSTOM' ? a : 'ALLOW';
}

/**
 * builder.go `isDryRun`: the `istio.io/dry-run` annotation as strconv.ParseBool reads it; a value
 * that does not parse is logged by istiod and the policy enforced.
 */
export function l7DryRun(ap: KubeObject): { dryRun?: true } {
	const v = ap.metadata.annotations?.['istio.io/dry-run'];
	return v !== undefined && parseBool(v) === true ? { dryRun: true } : {};
}

/** What the cluster holds that a targetRef can name. */
export interface TargetIndex {
	readonly rootNamespace: string;
	/** `ns/name` → the Gateway object. */
	readonly gateways: ReadonlyMap<string, KubeObject>;
	readonly services: ReadonlyMap<string, KubeService>;
	/** `ns/name` of a Service → `ns/name` of the waypoint serving it. */
	readonly serviceWaypoints: ReadonlyMap<string, string>;
	/** `ns/name` → the ServiceEntry object, and the waypoint serving it. */
	readonly serviceEntries?: ReadonlyMap<string, KubeObject>;
	readonly serviceEntryWaypoints?: ReadonlyMap<string, string>;
}

/** One resolved attachment: the Gateway (`ns/name`) that enforces, and what it covers. */
export interface PolicyAttachment {
	readonly gateway: string;
	readonly target: L7Authorization['target'];
}

export interface ResolvedTargets {
	readonly attachments: readonly PolicyAttachment[];
	readonly condition: WaypointAcceptedCondition;
}

/** Resolves every targetRef and the WaypointAccepted condition the policy gets. */
export function resolveTargets(ap: KubeObject, index: TargetIndex): ResolvedTargets {
	const namespace = ap.metadata.namespace ?? 'default';
	const attachments: PolicyAttachment[] = [];
	const errors: { reason: string; message: string }[] = [];
	for (const ref of targetRefsOf(ap)) {
		const key = `${namespace}/${ref.name}`;
		if (ref.kind === 'Gateway') {
			if (!index.gateways.has(key)) {
				errors.push({ reason: 'TargetNotFound', message: `Gateway ${key} was not found` });
				continue;
			}
			attachments.push({ gateway: key, target: { kind: 'Gateway' } });
		} else if (ref.kind === 'Service' && (ref.group === '' || ref.group === 'core')) {
			if (!index.services.has(key)) {
				errors.push({ reason: 'TargetNotFound', message: `Service ${key} was not found` });
				continue;
			}
			const waypoint = index.serviceWaypoints.get(key);
			if (!waypoint) {
				errors.push({
					reason: 'AncestorNotBound',
					message: `Service ${key} is not bound to a waypoint`
				});
				continue;
			}
			attachments.push({
				gateway: waypoint,
				target: { kind: 'Service', hostnames: [serviceHostname(ref.name, namespace)] }
			});
		} else if (ref.kind === 'ServiceEntry' && ref.group === 'networking.istio.io') {
			// A ServiceEntry target covers each of its hosts (pilot model/policyattachment.go).
			const se = index.serviceEntries?.get(key);
			if (!se) {
				errors.push({ reason: 'TargetNotFound', message: `ServiceEntry ${key} was not found` });
				continue;
			}
			const waypoint = index.serviceEntryWaypoints?.get(key);
			if (!waypoint) {
				errors.push({
					reason: 'AncestorNotBound',
					message: `ServiceEntry ${key} is not bound to a waypoint`
				});
				continue;
			}
			const hosts = obj(se['spec'])['hosts'];
			attachments.push({
				gateway: waypoint,
				target: {
					kind: 'Service',
					hostnames: Array.isArray(hosts) ? hosts.filter((h) => typeof h === 'string') : []
				}
			});
		} else if (ref.kind === 'GatewayClass') {
			if (namespace !== index.rootNamespace) {
				errors.push({
					reason: 'Invalid',
					message: `AuthorizationPolicy must be in the root namespace \`${index.rootNamespace}\` when referencing a GatewayClass`
				});
				continue;
			}
			for (const [gwKey, gw] of index.gateways) {
				if (obj(gw['spec'])['gatewayClassName'] === ref.name)
					attachments.push({ gateway: gwKey, target: { kind: 'Gateway' } });
			}
		} else {
			errors.push({
				reason: 'TargetNotFound',
				message: `${ref.kind} ${key} was not found`
			});
		}
	}
	const bound = [...new Set(attachments.map((a) => a.gateway))].sort();
	let cond: WaypointAcceptedCondition;
	if (errors.length === 0) {
		cond = {
			type: 'WaypointAccepted',
			status: 'True',
			reason: 'Accepted',
			message: `bound to ${bound.join(', ')}`
		};
	} else if (attachments.length > 0) {
		cond = {
			type: 'WaypointAccepted',
			status: 'True',
			reason: 'PartiallyInvalid',
			message: `Invalid targetRefs: ${errors.map((e) => e.message).join('; ')}`
		};
	} else {
		const first = errors[0] ?? { reason: 'TargetNotFound', message: '' };
		cond = {
			type: 'WaypointAccepted',
			status: 'False',
			reason: errors.length > 1 ? 'PartiallyInvalid' : first.reason,
			message: errors.map((e) => e.message).join('; ')
		};
	}
	return { attachments, condition: cond };
}
