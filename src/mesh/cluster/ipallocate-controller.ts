/**
 * istiod's IP auto-allocation for ServiceEntries, carried out where the API is: each host of a
 * ServiceEntry without `addresses` (and not resolution NONE, not opted out with
 * `networking.istio.io/enable-autoallocate-ip: "false"`, not a wildcard unless DYNAMIC_DNS)
 * gets the next IPv4 address of 240.240.0.0/16 and the next IPv6 address of 2001:2::/48 in
 * `status.addresses`, kept for as long as the host is. Mirrors istio 1.30.3
 * pilot/pkg/controllers/ipallocate/ipallocate.go (`statusPatchForAddresses`, `prefixUse`,
 * `keepHost`, `clearStaleAddresses`) and pilot/pkg/networking/serviceentry/ip_autoallocation.go
 * (`shouldV2AutoAllocateIPFromPieces`). Runs only while istiod is ready, as the real one runs in it.
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';
import { PODS } from '../api/builtin-resources.ts';
import { deepEqual } from '../api/deep.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import { ISTIO_SYSTEM_NAMESPACE } from '../cni/enrolment.ts';
import { serviceEntrySpec, statusAddresses } from '../istiod/service-entries.ts';
import type { Controller } from './controller.ts';
import { isPodReady, listAll } from './pods.ts';

/** PILOT_IP_AUTOALLOCATE_IPV4_PREFIX / _IPV6_PREFIX defaults (pilot/pkg/features/pilot.go). */
const V4_BASE = [240, 240];
const V6_PREFIX = '2001:2::';
export const AUTOALLOCATE_LABEL = 'networking.istio.io/enable-autoallocate-ip';

const v4 = (n: number): string => `${V4_BASE.join('.')}.${Math.floor(n / 256)}.${n % 256}`;
const v6 = (n: number): string => `${V6_PREFIX}${n.toString(16)}`;

function shouldAllocate(se: KubeObject): boolean {
	const spec = serviceEntrySpec(se);
	if (spec.resolution === 'NONE') return false;
	if (se.metadata.labels?.[AUTOALLOCATE_LABEL]?.toLowerCase() === 'false') return false;
	return spec.addresses.length === 0;
}

const keepHost = (se: KubeObject, h: string): boolean =>
	!h.startsWith('*') || serviceEntrySpec(se).resolution === 'DYNAMIC_DNS';

/** One prefix's allocator: the next address moves on, and freed ones are found again later. */
class PrefixUse {
	readonly used = new Set<number>();
	next = 1;
	constructor(readonly size: number) {}
	allocate(): number | undefined {
		for (let tries = 0; tries < this.size; tries++) {
			if (this.next >= this.size) this.next = 1;
			const n = this.next++;
			if (!this.used.has(n)) {
				this.used.add(n);
				return n;
			}
		}
		return undefined;
	}
}

export function createIpAllocateController(api: ApiServer): Controller {
	const v4s = new PrefixUse(65536);
	const v6s = new PrefixUse(65536);
	const v4Of = (a: string): number | undefined => {
		const m = /^240\.240\.(\d+)\.(\d+)$/.exec(a);
		return m ? Number(m[1]) * 256 + Number(m[2]) : undefined;
	};
	const v6Of = (a: string): number | undefined =>
		a.startsWith(V6_PREFIX) ? parseInt(a.slice(V6_PREFIX.length), 16) : undefined;

	function istiodReady(): boolean {
		return listAll<Pod>(api, PODS, { namespace: ISTIO_SYSTEM_NAMESPACE }).some(
			(p) => p.metadata.labels?.['app'] === 'istiod' && isPodReady(p)
		);
	}

	return {
		name: 'ipallocate',
		wants: (e: WatchEvent) =>
			e.resource.kind === 'ServiceEntry' || (e.resource.kind === 'Pod' && e.resource.group === ''),
		sync() {
			const type = api.resolve('serviceentries.networking.istio.io');
			if (!type || !istiodReady()) return;
			const entries = listAll<KubeObject>(api, type).sort((a, b) =>
				(a.metadata.creationTimestamp ?? '') === (b.metadata.creationTimestamp ?? '')
					? 0
					: (a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '')
						? -1
						: 1
			);
			// Addresses already written are in use (populateControllerDatastructures).
			for (const se of entries)
				for (const values of statusAddresses(se).values())
					for (const a of values) {
						const n4 = v4Of(a);
						const n6 = v6Of(a);
						if (n4 !== undefined) v4s.used.add(n4);
						if (n6 !== undefined) v6s.used.add(n6);
					}
			for (const se of entries) {
				const existing = statusAddresses(se);
				let next: { value: string; host: string }[];
				if (!shouldAllocate(se)) {
					if (existing.size === 0) continue;
					next = []; // clearStaleAddresses
				} else {
					const hosts = [...new Set(serviceEntrySpec(se).hosts.filter((h) => keepHost(se, h)))];
					if (hosts.length === existing.size && hosts.every((h) => existing.has(h))) continue;
					next = [];
					for (const host of hosts) {
						let values = existing.get(host);
						if (!values) {
							values = [];
							const a = v4s.allocate();
							const b = v6s.allocate();
							if (a !== undefined) values.push(v4(a));
							if (b !== undefined) values.push(v6(b));
						}
						for (const value of values) next.push({ value, host });
					}
				}
				const status = (se['status'] ?? {}) as Record<string, unknown>;
				if (deepEqual(status['addresses'] ?? [], next)) continue;
				api.patch(type, se.metadata.namespace, se.metadata.name, (draft) => {
					draft['status'] = { ...((draft['status'] as object | undefined) ?? {}), addresses: next };
				});
			}
		}
	};
}
