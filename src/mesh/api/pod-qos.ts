/**
 * A pod's QoS class, as the API server stamps it on create (`status.qosClass`). Mirrors
 * kubernetes pkg/apis/core/helper/qos/qos.go ComputePodQOS: only cpu and memory count, over
 * containers and init containers (an injected istio-proxy's requests make a pod Burstable);
 * Guaranteed needs both limits on every container and requests equal to them.
 */
import type { Pod } from './objects.ts';
import { parseQuantity } from './quantity.ts';

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const COMPUTE = ['cpu', 'memory'] as const;

type ResourceMap = Readonly<Record<string, unknown>> | undefined;

interface Resources {
	readonly requests?: ResourceMap;
	readonly limits?: ResourceMap;
}

const positive = (q: unknown): bigint | undefined => {
	const v = typeof q === 'string' || typeof q === 'number' ? parseQuantity(q) : undefined;
	return v !== undefined && v > 0n ? v : undefined;
};

export function podQosClass(spec: Pod['spec']): QosClass {
	const requests = new Map<string, bigint>();
	const limits = new Map<string, bigint>();
	let guaranteed = true;
	const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
	const containers = [...list(spec?.containers), ...list(spec?.initContainers)];
	for (const c of containers) {
		// Runs before validation (PrepareForCreate): a malformed container counts as empty.
		const r = (
			c !== null && typeof c === 'object' ? ((c as { resources?: unknown }).resources ?? {}) : {}
		) as Resources;
		for (const name of COMPUTE) {
			// A limit without a request defaults the request to it (core/v1 defaults.go).
			const req = positive(r.requests?.[name] ?? r.limits?.[name]);
			if (req !== undefined) requests.set(name, (requests.get(name) ?? 0n) + req);
			const lim = positive(r.limits?.[name]);
			if (lim !== undefined) limits.set(name, (limits.get(name) ?? 0n) + lim);
		}
		if (!COMPUTE.every((n) => r.limits?.[n] !== undefined)) guaranteed = false;
	}
	if (requests.size === 0 && limits.size === 0) return 'BestEffort';
	if (guaranteed)
		for (const [name, req] of requests) if (limits.get(name) !== req) guaranteed = false;
	return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
