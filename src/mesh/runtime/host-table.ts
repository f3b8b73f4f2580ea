/**
 * The in-process runtime's running hosts, by id and by address (segments are delivered by
 * address), and what they hold in sum for the soak test.
 */
import type { Wire } from '../net/wire.ts';
import type { HostId, NodeName } from '../types.ts';
import type { HostSpec } from './host.ts';
import type { HostRunner } from './host-runner.ts';

export interface Hosted {
	readonly runner: HostRunner;
	readonly wire: Wire;
}

export class HostTable {
	readonly #byId = new Map<HostId, Hosted>();
	readonly #byIp = new Map<string, Hosted>();

	get size(): number {
		return this.#byId.size;
	}

	get(id: HostId): Hosted | undefined {
		return this.#byId.get(id);
	}

	at(ip: string): Hosted | undefined {
		return this.#byIp.get(ip);
	}

	/** Whether the id or the address is taken. */
	taken(spec: HostSpec): boolean {
		return this.#byId.has(spec.id) || (spec.hostNetwork !== true && this.#byIp.has(spec.ip));
	}

	add(entry: Hosted): void {
		this.#byId.set(entry.runner.spec.id, entry);
		// A host-network pod shares its node's address: never a destination by address.
		if (entry.runner.spec.hostNetwork !== true) this.#byIp.set(entry.runner.spec.ip, entry);
	}

	/** Forgets the id now; the address only with `andAddress` (resets may still be travelling). */
	remove(entry: Hosted, andAddress: boolean): void {
		this.#byId.delete(entry.runner.spec.id);
		if (andAddress) this.releaseAddress(entry);
	}

	releaseAddress(entry: Hosted): void {
		if (this.#byIp.get(entry.runner.spec.ip) === entry) this.#byIp.delete(entry.runner.spec.ip);
	}

	nodeOf(ip: string): NodeName | undefined {
		return this.#byIp.get(ip)?.runner.spec.node;
	}

	/** `namespace/name` of the host at `ip`, for step mode's in-flight list. */
	nameAt(ip: string): string | undefined {
		const h = this.#byIp.get(ip);
		return h && `${h.runner.spec.namespace}/${h.runner.spec.name}`;
	}

	specs(): HostSpec[] {
		return [...this.#byId.values()].map((h) => h.runner.spec);
	}

	runners(): HostRunner[] {
		return [...this.#byId.values()].map((h) => h.runner);
	}

	clear(): void {
		for (const h of this.#byId.values()) h.runner.stop();
		this.#byId.clear();
		this.#byIp.clear();
	}

	/** Listeners, connections and the longest log, summed over hosts. */
	sums(): {
		listeners: number;
		openConnections: number;
		pendingConnects: number;
		maxLogLines: number;
	} {
		let listeners = 0;
		let openConnections = 0;
		let pendingConnects = 0;
		let maxLogLines = 0;
		for (const { runner } of this.#byId.values()) {
			listeners += runner.stack.listeners;
			openConnections += runner.stack.openConnections;
			pendingConnects += runner.stack.pendingConnects;
			maxLogLines = Math.max(maxLogLines, runner.heldLogLines);
		}
		return { listeners, openConnections, pendingConnects, maxLogLines };
	}
}
