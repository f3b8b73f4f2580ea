/**
 * AuthorizationPolicies with targetRefs: the Gateways each one attaches to, its
 * `WaypointAccepted` condition, and the L7 policies each Gateway's config carries. Mirrors
 * pilot/pkg/serviceregistry/ambient policies.go and status.go (policies bound to waypoints).
 */
import type { ExtAuthzProvider, WaypointConfig } from '../xds/waypoint-config.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import { policyProvider } from './ext-authz-providers.ts';
import {
	type TargetIndex,
	type WaypointAcceptedCondition,
	l7Action,
	l7Rules,
	l7DryRun,
	resolveTargets,
	targetRefsOf
} from './waypoints-authz.ts';
import { type PolicyAttachmentOf, byObjectKey, objectKey } from './waypoints-context.ts';
import { obj } from '../json.ts';

export interface AttachedPolicies {
	/** Gateway `ns/name` → what it enforces, in policy order. */
	readonly attachments: ReadonlyMap<string, readonly PolicyAttachmentOf[]>;
	/** AuthorizationPolicy `ns/name` → its WaypointAccepted condition. */
	readonly statuses: readonly (readonly [string, WaypointAcceptedCondition])[];
}

/** Resolves the targetRefs of every policy that has them, in `ns/name` order. */
export function attachPolicies(snapshot: ClusterSnapshot, index: TargetIndex): AttachedPolicies {
	const attachments = new Map<string, PolicyAttachmentOf[]>();
	const statuses: [string, WaypointAcceptedCondition][] = [];
	for (const ap of [...snapshot.authorizationPolicies].sort(byObjectKey)) {
		if (targetRefsOf(ap).length === 0) continue;
		const resolved = resolveTargets(ap, index);
		statuses.push([objectKey(ap), resolved.condition]);
		for (const at of resolved.attachments) {
			const list = attachments.get(at.gateway) ?? [];
			list.push({ ap, at });
			attachments.set(at.gateway, list);
		}
	}
	return { attachments, statuses };
}

/**
 * The L7 policies a Gateway (`ns/name`) enforces, as its config carries them. A CUSTOM one
 * carries its ext_authz provider: listener_waypoint.go builds the waypoint's ext_authz filter
 * per Service with the same builder as a sidecar's (`authz.NewBuilderForService(authz.Custom…)`).
 */
export function policiesFor(
	attachments: ReadonlyMap<string, readonly PolicyAttachmentOf[]>,
	gwKey: string,
	providers: ReadonlyMap<string, ExtAuthzProvider>
): WaypointConfig['policies'] {
	return (attachments.get(gwKey) ?? []).map(({ ap, at }) => ({
		name: ap.metadata.name,
		namespace: ap.metadata.namespace ?? 'default',
		action: l7Action(ap),
		target: at.target,
		rules: l7Rules(ap),
		...l7DryRun(ap),
		...policyProvider(providers, obj(ap['spec']))
	}));
}
