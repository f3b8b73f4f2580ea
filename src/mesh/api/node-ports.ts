/**
 * NodePorts for Services of type NodePort and LoadBalancer (allocateLoadBalancerNodePorts
 * defaults to true), as kube-apiserver's port allocator hands them out (kubernetes 1.30
 * pkg/registry/core/service/portallocator, `--service-node-port-range` 30000-32767): a port
 * without `nodePort` gets a free one at random, from the range's upper band first
 * (ServiceNodePortStaticSubrange, KEP-3668: offset min(max(16, size/32), 128)); a requested one is
 * reserved or refused with the server's message; an update keeps a port's nodePort by port name
 * (storage.go `patchAllocatedValues`); a type without node ports drops them; delete frees them.
 */
import type { Rng } from '../random.ts';
import { isPlainObject } from './deep.ts';
import { forbidden, invalid, type FieldError } from './field-errors.ts';
import type { KubeObject } from './objects.ts';

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
const SIZE = NODE_PORT_MAX - NODE_PORT_MIN + 1;
const OFFSET = Math.min(Math.max(16, Math.floor(SIZE / 32)), 128);

type Port = Record<string, unknown>;
const specOf = (o: KubeObject): Record<string, unknown> =>
	isPlainObject(o.spec) ? (o.spec as Record<string, unknown>) : {};
const portsOf = (o: KubeObject | undefined): Port[] => {
	const ports = o ? specOf(o)['ports'] : undefined;
	return Array.isArray(ports) ? ports.filter(isPlainObject) : [];
};

/** needsNodePort: the service types that get node ports. */
export const needsNodePort = (o: KubeObject): boolean => {
	const type = specOf(o)['type'];
	return type === 'NodePort' || type === 'LoadBalancer';
};

export class NodePortAllocator {
	readonly #used = new Set<number>();
	constructor(readonly rng: Rng) {}

	allocate(): number | undefined {
		// The upper band first, then the whole range (the bitmap's random scan, seeded).
		const bands: [number, number][] = [
			[OFFSET, SIZE - OFFSET],
			[0, SIZE]
		];
		for (const [from, span] of bands) {
			const start = this.rng.int(span);
			for (let i = 0; i < span; i++) {
				const port = NODE_PORT_MIN + from + ((start + i) % span);
				if (!this.#used.has(port)) {
					this.#used.add(port);
					return port;
				}
			}
		}
		return undefined;
	}

	/** Whether the requested port could be claimed. */
	reserve(port: number): 'ok' | 'in-use' | 'out-of-range' {
		if (port < NODE_PORT_MIN || port > NODE_PORT_MAX) return 'out-of-range';
		if (this.#used.has(port)) return 'in-use';
		this.#used.add(port);
		return 'ok';
	}

	release(port: number): void {
		this.#used.delete(port);
	}
}

export class NodePorts {
	readonly #alloc: NodePortAllocator;
	constructor(rng: Rng) {
		this.#alloc = new NodePortAllocator(rng);
	}

	/** An update's ports without `nodePort` keep the live one of the same name. */
	carryOver(obj: KubeObject, live: KubeObject): void {
		if (!needsNodePort(obj) || !needsNodePort(live)) return;
		const byName = new Map(portsOf(live).map((p) => [String(p['name'] ?? ''), p['nodePort']]));
		const used = new Set(portsOf(obj).map((p) => p['nodePort']));
		for (const p of portsOf(obj)) {
			if (p['nodePort'] !== undefined && p['nodePort'] !== 0) continue;
			const old = byName.get(String(p['name'] ?? ''));
			if (typeof old === 'number' && !used.has(old)) p['nodePort'] = old;
		}
	}

	/** Gives `obj`'s ports their node ports; on error nothing new is claimed. */
	claim(obj: KubeObject, live: KubeObject | undefined): FieldError | undefined {
		const held = new Set(
			live && needsNodePort(live)
				? portsOf(live)
						.map((p) => p['nodePort'])
						.filter((n): n is number => typeof n === 'number')
				: []
		);
		const ports = portsOf(obj);
		if (!needsNodePort(obj)) {
			for (const [i, p] of ports.entries())
				if (typeof p['nodePort'] === 'number' && p['nodePort'] !== 0)
					return forbidden(
						`spec.ports[${i}].nodePort`,
						`may not be used when \`type\` is '${String(specOf(obj)['type'] ?? 'ClusterIP')}'`
					);
			for (const n of held) this.#alloc.release(n);
			return undefined;
		}
		const claimed: number[] = [];
		const undo = (e: FieldError): FieldError => {
			for (const n of claimed) this.#alloc.release(n);
			return e;
		};
		for (const [i, p] of ports.entries()) {
			const want = p['nodePort'];
			if (typeof want === 'number' && want !== 0) {
				if (held.has(want)) continue;
				const r = this.#alloc.reserve(want);
				if (r === 'in-use')
					return undo(
						invalid(`spec.ports[${i}].nodePort`, want, 'provided port is already allocated')
					);
				if (r === 'out-of-range')
					return undo(
						invalid(
							`spec.ports[${i}].nodePort`,
							want,
							`provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`
						)
					);
				claimed.push(want);
				continue;
			}
			const port = this.#alloc.allocate();
			if (port === undefined)
				return undo(
					invalid(`spec.ports[${i}].nodePort`, 0, 'failed to allocate a nodePort: range is full')
				);
			p['nodePort'] = port;
			claimed.push(port);
		}
		const now = new Set(ports.map((p) => p['nodePort']));
		for (const n of held) if (!now.has(n)) this.#alloc.release(n);
		return undefined;
	}

	release(obj: KubeObject): void {
		for (const p of portsOf(obj))
			if (typeof p['nodePort'] === 'number') this.#alloc.release(p['nodePort']);
	}
}
