/**
 * Keys and their objects kept in key order, so a list comes out as the API server's storage
 * lists it without sorting on every read (binary search on write). Shared by the store's
 * Indexer and istiod's informer caches.
 */
import type { KubeObject } from './objects.ts';

export class SortedList {
	readonly keys: string[] = [];
	readonly objs: KubeObject[] = [];

	#find(key: string): number {
		let lo = 0;
		let hi = this.keys.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if ((this.keys[mid] as string) < key) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	get(key: string): KubeObject | undefined {
		const i = this.#find(key);
		return this.keys[i] === key ? this.objs[i] : undefined;
	}

	set(key: string, obj: KubeObject): void {
		const i = this.#find(key);
		if (this.keys[i] === key) this.objs[i] = obj;
		else {
			this.keys.splice(i, 0, key);
			this.objs.splice(i, 0, obj);
		}
	}

	delete(key: string): void {
		const i = this.#find(key);
		if (this.keys[i] !== key) return;
		this.keys.splice(i, 1);
		this.objs.splice(i, 1);
	}

	get size(): number {
		return this.keys.length;
	}
}
