/**
 * Where recorded Events go (client-go `tools/record/event.go` `recordToSink` against the API
 * server): a new Event is created as `<object>.<hex nanos>`, a repeat patched (`count` and
 * `lastTimestamp`, or the events.k8s.io `series`), and what is older than `--event-ttl` or past
 * MAX_EVENTS deleted, oldest first.
 */
import type { ApiServer } from '../api/api-server.ts';
import { EVENTS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/objects.ts';
import { EPOCH_MS, timestamp } from '../api/time.ts';
import type { SimMillis } from '../types.ts';
import type { Stored } from './events-cache.ts';

/** kube-apiserver's default `--event-ttl`. */
export const EVENT_TTL_MS = 60 * 60 * 1000;
/** A bound on what the simulated store keeps (events.ts says why). */
export const MAX_EVENTS = 5000;

/** Microsecond RFC 3339, as `eventTime` (metav1.MicroTime) is written. */
export function microTime(now: SimMillis): string {
	return new Date(EPOCH_MS + Math.floor(now)).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export interface EventSink {
	/** `<name>.<hex UnixNano>`: unique per write even within one simulated millisecond. */
	eventName(objectName: string, at: SimMillis): string;
	/** A repeat: count and time move on, and the message is the latest (a combined event's). */
	bump(stored: Stored, at: SimMillis, message: string): boolean;
	/** Creates a new Event; undefined if the API server refused it. */
	create(event: KubeObject, at: SimMillis): Stored | undefined;
	/** Deletes Events past the TTL or the bound. */
	expire(at: SimMillis): void;
}

export function eventSink(api: ApiServer): EventSink {
	/** Every Event written, oldest first, for the TTL and the bound. */
	const written: Stored[] = [];
	let lastNanosMs = -1;
	let sequence = 0;
	return {
		eventName(objectName, at) {
			// Per whole millisecond: sim time has fractions, and two writes in one millisecond
			// (a pod's Started, then its Killing) must not share a name.
			const ms = Math.floor(at);
			sequence = ms === lastNanosMs ? sequence + 1 : 0;
			lastNanosMs = ms;
			const nanos = (BigInt(EPOCH_MS) + BigInt(ms)) * 1_000_000n + BigInt(sequence);
			return `${objectName}.${nanos.toString(16)}`;
		},
		bump(stored, at, message) {
			const r = api.patch(EVENTS, stored.namespace, stored.name, (draft) => {
				const e = draft as KubeObject & { count?: number; series?: { count: number } };
				e['message'] = message;
				if (e.series || e.eventTime) {
					e.series = { count: (e.series?.count ?? 1) + 1, lastObservedTime: microTime(at) } as {
						count: number;
					};
				} else {
					e.count = (e.count ?? 1) + 1;
					e['lastTimestamp'] = timestamp(at);
				}
			});
			return !isApiError(r);
		},
		create(event, at) {
			const created = api.create(event);
			if (isApiError(created)) return undefined;
			const stored = {
				namespace: event.metadata.namespace ?? 'default',
				name: event.metadata.name,
				at
			};
			written.push(stored);
			return stored;
		},
		expire(at) {
			let drop = 0;
			while (
				drop < written.length &&
				(written.length - drop > MAX_EVENTS || at - (written[drop] as Stored).at > EVENT_TTL_MS)
			)
				drop++;
			for (const e of written.splice(0, drop)) api.delete(EVENTS, e.namespace, e.name);
		}
	};
}
