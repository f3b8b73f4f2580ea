/**
 * MetalLB's controller (metallb v0.14, controller/service.go and internal/allocator): while its
 * `controller` pod in `metallb-system` is Ready, each `type: LoadBalancer` Service gets an
 * address from the IPAddressPools (`status.loadBalancer.ingress`, the pool named in the
 * `metallb.universe.tf/ip-allocated-from-pool` annotation, an `IPAllocated` Event); without
 * MetalLB, or without a free address, EXTERNAL-IP stays `<pending>` as on a bare kind cluster.
 * On kind the pool is a range of the docker network (istio's kind_provisioner.sh takes it from
 * `docker inspect kind`): on a real kind every node and the docker host reach that address;
 * here nothing answers at it (the speaker's ARP is not simulated: README, Simplified).
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';
import { PODS, SERVICES } from '../api/builtin-resources.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import { isPodReady } from '../api/pod-ready.ts';
import type { Controller } from './controller.ts';
import type { EventRecorder } from './events.ts';
import { listAll } from './pods.ts';
import { obj } from '../json.ts';

export const METALLB_NAMESPACE = 'metallb-system';
/** The annotation MetalLB sets on a Service it gave an address (since v0.13.10). */
export const ALLOCATED_FROM_POOL = 'metallb.universe.tf/ip-allocated-from-pool';
/** The annotation asking for given addresses (`spec.loadBalancerIP` is its deprecated form). */
const REQUESTED_IPS = 'metallb.universe.tf/loadBalancerIPs';

/** An IPv4 address as a number, or undefined. */
export function ipv4ToNumber(s: string): number | undefined {
	const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
	if (!m) return undefined;
	const parts = m.slice(1).map(Number);
	if (parts.some((p) => p > 255)) return undefined;
	return parts.reduce((acc, p) => acc * 256 + p, 0);
}

const numberToIpv4 = (n: number): string =>
	[24, 16, 8, 0].map((shift) => String(Math.floor(n / 2 ** shift) % 256)).join('.');

/** One range of an IPAddressPool's `spec.addresses`: a CIDR or `start-end` (IPv4 only here). */
export function parseRange(s: string): { first: number; last: number } | undefined {
	const cidr = /^([^/]+)\/(\d{1,2})$/.exec(s.trim());
	if (cidr) {
		const base = ipv4ToNumber(cidr[1] ?? '');
		const bits = Number(cidr[2]);
		if (base === undefined || bits > 32) return undefined;
		const size = 2 ** (32 - bits);
		const first = base - (base % size);
		return { first, last: first + size - 1 };
	}
	const [a, b, ...rest] = s.split('-');
	if (rest.length > 0 || a === undefined || b === undefined) return undefined;
	const first = ipv4ToNumber(a);
	const last = ipv4ToNumber(b);
	if (first === undefined || last === undefined || last < first) return undefined;
	return { first, last };
}

export interface Pool {
	readonly name: string;
	readonly ranges: readonly { first: number; last: number }[];
	readonly autoAssign: boolean;
	readonly avoidBuggyIPs: boolean;
}

export function poolOf(o: KubeObject): Pool {
	const spec = obj(o['spec']);
	const addresses = Array.isArray(spec['addresses']) ? spec['addresses'] : [];
	return {
		name: o.metadata.name,
		ranges: addresses.flatMap((a) => {
			const r = typeof a === 'string' ? parseRange(a) : undefined;
			return r ? [r] : [];
		}),
		autoAssign: spec['autoAssign'] !== false,
		avoidBuggyIPs: spec['avoidBuggyIPs'] === true
	};
}

const buggy = (n: number): boolean => n % 256 === 0 || n % 256 === 255;

function inPool(pool: Pool, n: number): boolean {
	if (pool.avoidBuggyIPs && buggy(n)) return false;
	return pool.ranges.some((r) => n >= r.first && n <= r.last);
}

/**
 * The allocator's choice for a Service: a requested address if a pool holds it and it is free,
 * else the first free address of the first auto-assign pool (pools by name), else an error
 * worded as MetalLB's AllocationFailed Event.
 */
export function allocate(
	pools: readonly Pool[],
	used: ReadonlySet<number>,
	requested: readonly string[]
): { ip: string; pool: string } | { error: string } {
	const sorted = [...pools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	for (const want of requested) {
		const n = ipv4ToNumber(want);
		const pool = n === undefined ? undefined : sorted.find((p) => inPool(p, n));
		if (n === undefined || !pool) return { error: `"${want}" is not allowed in config` };
		if (used.has(n)) return { error: `can't change sharing key for "${want}"` };
		return { ip: want, pool: pool.name };
	}
	for (const pool of sorted) {
		if (!pool.autoAssign) continue;
		for (const r of pool.ranges)
			for (let n = r.first; n <= r.last; n++)
				if (!used.has(n) && !(pool.avoidBuggyIPs && buggy(n)))
					return { ip: numberToIpv4(n), pool: pool.name };
	}
	return { error: 'no available IPs' };
}

function ingressIps(svc: KubeObject): string[] {
	const ingress = obj(obj(svc['status'])['loadBalancer'])['ingress'];
	return (Array.isArray(ingress) ? ingress : [])
		.map((i) => obj(i)['ip'])
		.filter((ip): ip is string => typeof ip === 'string');
}

function requestedIps(svc: KubeObject): string[] {
	const annotated = svc.metadata.annotations?.[REQUESTED_IPS];
	if (annotated) return annotated.split(',').map((s) => s.trim());
	const legacy = obj(svc['spec'])['loadBalancerIP'];
	return typeof legacy === 'string' && legacy !== '' ? [legacy] : [];
}

const isLoadBalancer = (svc: KubeObject): boolean => {
	const spec = obj(svc['spec']);
	// A Service naming another class is that implementation's (MetalLB's default has none).
	return spec['type'] === 'LoadBalancer' && spec['loadBalancerClass'] === undefined;
};

export function createMetallbController(api: ApiServer, recorder: EventRecorder): Controller {
	/** `namespace/name` → the failure last reported, so a Warning is recorded once. */
	const failed = new Map<string, string>();

	function controllerReady(): boolean {
		return listAll<Pod>(api, PODS, { namespace: METALLB_NAMESPACE }).some(
			(p) =>
				p.metadata.labels?.['app'] === 'metallb' &&
				p.metadata.labels['component'] === 'controller' &&
				isPodReady(p)
		);
	}

	function assign(svc: KubeObject, ip: string, pool: string): void {
		api.patch(SERVICES, svc.metadata.namespace, svc.metadata.name, (draft) => {
			draft.metadata.annotations = { ...draft.metadata.annotations, [ALLOCATED_FROM_POOL]: pool };
			// ipMode: the API server's default for an ingress IP (LoadBalancerIPMode, GA in 1.32).
			draft['status'] = {
				...obj(draft['status']),
				loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] }
			};
		});
		recorder.event(svc, 'Normal', 'IPAllocated', `Assigned IP ["${ip}"]`);
	}

	return {
		name: 'metallb-controller',
		wants: (e: WatchEvent) =>
			e.resource.kind === 'Service' ||
			e.resource.kind === 'IPAddressPool' ||
			(e.resource.kind === 'Pod' && e.resource.group === ''),
		sync() {
			const poolType = api.resolve('ipaddresspools.metallb.io');
			if (!poolType || !controllerReady()) return;
			const pools = listAll(api, poolType, { namespace: METALLB_NAMESPACE }).map(poolOf);
			const services = listAll(api, SERVICES).filter(isLoadBalancer);
			const used = new Set<number>();
			const pending: KubeObject[] = [];
			for (const svc of services) {
				const held = ingressIps(svc)
					.map(ipv4ToNumber)
					.filter((n): n is number => n !== undefined);
				if (held.length > 0 && held.every((n) => pools.some((p) => inPool(p, n))))
					for (const n of held) used.add(n);
				else pending.push(svc);
			}
			for (const svc of pending) {
				const key = `${svc.metadata.namespace ?? ''}/${svc.metadata.name}`;
				const choice = allocate(pools, used, requestedIps(svc));
				if ('error' in choice) {
					if (failed.get(key) !== choice.error)
						recorder.event(
							svc,
							'Warning',
							'AllocationFailed',
							`Failed to allocate IP for "${key}": ${choice.error}`
						);
					failed.set(key, choice.error);
					continue;
				}
				failed.delete(key);
				const n = ipv4ToNumber(choice.ip);
				if (n !== undefined) used.add(n);
				assign(svc, choice.ip, choice.pool);
			}
		}
	};
}
