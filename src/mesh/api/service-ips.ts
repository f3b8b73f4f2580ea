/**
 * ClusterIPs for Services: allocate on create, honour `spec.clusterIP` when it is free, keep the
 * address across updates, free it on delete. Errors are the server's `spec.clusterIPs` wording.
 */
import type { Rng } from '../random.ts';
import { ClusterIpAllocator, SERVICE_CIDR } from './cluster-ip.ts';
import { isPlainObject } from './deep.ts';
import { invalid, type FieldError } from './field-errors.ts';
import { NodePorts } from './node-ports.ts';
import type { KubeObject } from './objects.ts';

type Spec = Record<string, unknown>;
const specOf = (o: KubeObject): Spec => {
	if (!isPlainObject(o.spec)) o.spec = {};
	return o.spec as Spec;
};

export class ServiceIps {
	readonly #alloc: ClusterIpAllocator;
	/** Node ports draw from their own seeded stream, so ClusterIPs stay as they were. */
	readonly #nodePorts: NodePorts;
	constructor(rng: Rng, nodePortRng: Rng = rng.fork('node-port')) {
		this.#alloc = new ClusterIpAllocator(rng);
		this.#nodePorts = new NodePorts(nodePortRng);
	}

	/** An update that omits clusterIP keeps the live one (the server's patchAllocatedValues). */
	carryOver(obj: KubeObject, live: KubeObject): void {
		const spec = specOf(obj);
		const before = specOf(live);
		if ((spec.clusterIP === undefined || spec.clusterIP === '') && before.clusterIP !== undefined) {
			spec.clusterIP = before.clusterIP;
			spec.clusterIPs = before.clusterIPs;
		}
		this.#nodePorts.carryOver(obj, live);
	}

	/** The address, then the node ports; a node port error frees a newly claimed address. */
	claim(obj: KubeObject, live: KubeObject | undefined): FieldError | undefined {
		const had = live ? specOf(live).clusterIP : undefined;
		const e = this.#claimIp(obj, live);
		if (e) return e;
		const np = this.#nodePorts.claim(obj, live);
		if (np) {
			const ip = specOf(obj).clusterIP;
			if (typeof ip === 'string' && ip !== 'None' && ip !== had) this.#alloc.release(ip);
		}
		return np;
	}

	/** Gives `obj` its address; on error nothing is claimed. */
	#claimIp(obj: KubeObject, live: KubeObject | undefined): FieldError | undefined {
		const spec = specOf(obj);
		if (spec.type === 'ExternalName') {
			delete spec.clusterIP;
			delete spec.clusterIPs;
			return undefined;
		}
		const requested = spec.clusterIP;
		if (live && specOf(live).clusterIP === requested && requested !== undefined) {
			spec.clusterIPs = [requested];
			return undefined;
		}
		if (requested === 'None') {
			spec.clusterIPs = ['None'];
			return undefined;
		}
		if (requested === undefined || requested === '') {
			const ip = this.#alloc.allocate();
			if (!ip) return invalid('spec.clusterIPs', [], 'failed to allocate IP: range is full');
			spec.clusterIP = ip;
			spec.clusterIPs = [ip];
			return undefined;
		}
		const ip = String(requested);
		switch (this.#alloc.reserve(ip)) {
			case 'ok':
				spec.clusterIPs = [ip];
				return undefined;
			case 'in-use':
				return invalid(
					'spec.clusterIPs',
					[ip],
					`failed to allocate IP ${ip}: provided IP is already allocated`
				);
			case 'out-of-range':
				return invalid(
					'spec.clusterIPs',
					[ip],
					`failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`
				);
			case 'malformed':
				return invalid(
					'spec.clusterIPs[0]',
					ip,
					'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'
				);
		}
	}

	release(obj: KubeObject): void {
		this.#nodePorts.release(obj);
		const ip = specOf(obj).clusterIP;
		if (typeof ip === 'string' && ip !== 'None') this.#alloc.release(ip);
	}
}
