/**
 * A node's pod address pool (the host-local IPAM role): `10.244.N.0/24`, handing out the first
 * free host address from .2 (.0 is the network, .1 the node's bridge, .255 broadcast).
 */
export class NodeIpam {
	readonly #prefix: string;
	readonly #used = new Set<number>();

	constructor(readonly cidr: string) {
		this.#prefix = cidr.split('.').slice(0, 3).join('.');
	}

	allocate(): string | undefined {
		for (let host = 2; host <= 254; host++) {
			if (!this.#used.has(host)) {
				this.#used.add(host);
				return `${this.#prefix}.${host}`;
			}
		}
		return undefined;
	}

	release(ip: string): void {
		if (!ip.startsWith(`${this.#prefix}.`)) return;
		this.#used.delete(Number(ip.slice(this.#prefix.length + 1)));
	}

	contains(ip: string): boolean {
		return ip.startsWith(`${this.#prefix}.`);
	}
}
