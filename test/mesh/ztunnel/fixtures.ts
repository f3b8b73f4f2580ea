/**
 * Builders for ZtunnelConfig pieces: workloads, services and policies with istiod's defaults,
 * so tests state only what matters to them.
 */
import type {
	Authorization,
	Match,
	Service,
	Workload,
	ZtunnelConfig
} from '../../../src/mesh/xds/workload-api.ts';
import { ip } from '../../../src/mesh/types.ts';

export function workload(
	name: string,
	address: string,
	over: Partial<Workload> & { app?: string } = {}
): Workload {
	const namespace = over.namespace ?? 'default';
	const app = over.app ?? name.replace(/-v\d+$/, '');
	const version = /-(v\d+)$/.exec(name)?.[1] ?? 'v1';
	return {
		uid: `Kubernetes//Pod/${namespace}/${name}-abc12`,
		name: `${name}-abc12`,
		namespace,
		address: ip(address),
		node: 'node-1',
		serviceAccount: app,
		trustDomain: 'cluster.local',
		protocol: 'HBONE',
		workloadName: name,
		canonicalName: app,
		canonicalRevision: 'v1',
		labels: { app, version },
		status: 'Healthy',
		authorizationPolicies: [],
		services: {},
		...over
	};
}

export function service(
	name: string,
	vip: string,
	ports: Record<number, number>,
	endpoints: readonly (Workload | { w: Workload; ports: Record<number, number> })[],
	namespace = 'default'
): Service {
	return {
		name,
		namespace,
		hostname: `${name}.${namespace}.svc.cluster.local`,
		vips: [ip(vip)],
		ports,
		endpoints: endpoints.map((e) => {
			const w = 'w' in e ? e.w : e;
			return { workloadUid: w.uid, ports: 'w' in e ? e.ports : {}, status: w.status };
		})
	};
}

export function policy(
	name: string,
	action: 'Allow' | 'Deny',
	groups: readonly (readonly (readonly Match[])[])[],
	over: Partial<Authorization> = {}
): Authorization {
	return {
		name,
		namespace: 'default',
		scope: 'Namespace',
		action,
		groups: groups.map((rules) => ({ rules: rules.map((matches) => ({ matches })) })),
		...over
	};
}

export function config(
	workloads: readonly Workload[],
	services: readonly Service[] = [],
	policies: readonly Authorization[] = [],
	version = 1
): ZtunnelConfig {
	return { version, workloads, services, policies };
}
