/**
 * Kubernetes Events, as client-go's record package writes them: a component's recorder turns
 * `event(object, type, reason, message)` into a core/v1 Event named `<object>.<hex nanos>` in the
 * object's namespace, and the correlator folds a repeat of the same event into the stored one
 * (`count` + `lastTimestamp`) instead of writing a new one. Like client-go's EventAggregator, the
 * tenth different message of the same reason about the same object within ten minutes becomes
 * one "(combined from similar events): …" event, so a controller retrying a failing create
 * (each try names a new pod) does not flood the list. The scheduler uses the newer
 * events.k8s.io recorder: `eventTime`, `reportingController`, `action`, no `source`.
 *
 * The API server forgets Events after `--event-ttl` (1h). Simplified: this store also keeps at
 * most MAX_EVENTS (oldest dropped first), so a scale to 10,000 pods cannot fill the tab.
 */
import type { ApiServer } from '../api/api-server.ts';
import { EVENTS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/objects.ts';
import { EPOCH_MS, timestamp } from '../api/time.ts';
import type { SimMillis } from '../types.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
	/** `source.component` (or `reportingController`): kubelet, default-scheduler, … */
	readonly component: string;
	/** `source.host`: the node a kubelet runs on. */
	readonly host?: string;
	/** events.k8s.io recorders (the scheduler) set `reportingInstance` and an `action`. */
	readonly reportingInstance?: string;
}

export interface EventRecorder {
	/**
	 * record.EventRecorder.Event. `fieldPath` names a container (`spec.containers{curl}`), as
	 * the kubelet's container events do; `action` is what an events.k8s.io recorder did.
	 */
	event(
		object: KubeObject,
		type: EventType,
		reason: string,
		message: string,
		options?: { readonly fieldPath?: string; readonly action?: string }
	): void;
}

export interface EventBroadcaster {
	/** record.EventBroadcaster.NewRecorder for one component. */
	recorder(source: EventSource): EventRecorder;
}

/** kube-apiserver's default `--event-ttl`. */
export const EVENT_TTL_MS = 60 * 60 * 1000;
/** See the file comment: a bound on what the simulated store keeps. */
export const MAX_EVENTS = 5000;
/** client-go's correlator remembers this many distinct events (maxLruCacheEntries). */
const CORRELATOR_ENTRIES = 4096;
/** client-go's defaultAggregateMaxEvents and defaultAggregateIntervalInSeconds. */
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const COMBINED = '(combined from similar events): ';

/** Microsecond RFC 3339, as `eventTime` (metav1.MicroTime) is written. */
function microTime(now: SimMillis): string {
	return new Date(EPOCH_MS + Math.floor(now)).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

interface Stored {
	readonly namespace: string;
	readonly name: string;
	readonly at: SimMillis;
}

export function createEventBroadcaster(api: ApiServer, now: () => SimMillis): EventBroadcaster {
	/** Correlator key → the Event it folds into (insertion order = least recently used first). */
	const seen = new Map<string, Stored>();
	/** Every Event written, oldest first, for the TTL and the bound. */
	const written: Stored[] = [];
	/** Aggregate key (all but the message) → the messages seen in the current interval. */
	const similar = new Map<string, { messages: Set<string>; since: SimMillis }>();
	let lastNanosMs = -1;
	let sequence = 0;

	/** `<name>.<hex UnixNano>`: unique per write even within one simulated millisecond. */
	function eventName(objectName: string, at: SimMillis): string {
		sequence = at === lastNanosMs ? sequence + 1 : 0;
		lastNanosMs = at;
		const nanos = (BigInt(EPOCH_MS) + BigInt(Math.floor(at))) * 1_000_000n + BigInt(sequence);
		return `${objectName}.${nanos.toString(16)}`;
	}

	function expire(at: SimMillis): void {
		let drop = 0;
		while (
			drop < written.length &&
			(written.length - drop > MAX_EVENTS || at - (written[drop] as Stored).at > EVENT_TTL_MS)
		)
			drop++;
		for (const e of written.splice(0, drop)) api.delete(EVENTS, e.namespace, e.name);
	}

	/** A repeat: count and time move on, and the message is the latest (a combined event's). */
	function bump(stored: Stored, at: SimMillis, message: string): boolean {
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
	}

	return {
		recorder(source) {
			return {
				event(object, type, reason, message, options = {}) {
					const at = now();
					const namespace = object.metadata.namespace ?? 'default';
					const ref = {
						apiVersion: object.apiVersion,
						kind: object.kind,
						name: object.metadata.name,
						...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
						uid: object.metadata.uid,
						resourceVersion: object.metadata.resourceVersion,
						...(options.fieldPath ? { fieldPath: options.fieldPath } : {})
					};
					const aggregateKey = JSON.stringify([
						source.component,
						source.host ?? '',
						ref.kind,
						namespace,
						ref.name,
						ref.uid,
						options.fieldPath ?? '',
						type,
						reason
					]);
					let group = similar.get(aggregateKey);
					if (!group || at - group.since > AGGREGATE_INTERVAL_MS) {
						group = { messages: new Set(), since: at };
						similar.set(aggregateKey, group);
						if (similar.size > CORRELATOR_ENTRIES)
							similar.delete(similar.keys().next().value as string);
					}
					group.messages.add(message);
					const combined = group.messages.size >= AGGREGATE_MAX_EVENTS;
					if (combined) group.messages.delete(message);
					const key = combined ? aggregateKey : `${aggregateKey}\n${message}`;
					const text = combined ? COMBINED + message : message;
					const previous = seen.get(key);
					if (previous) {
						seen.delete(key);
						seen.set(key, previous);
						if (bump(previous, at, text)) return;
						seen.delete(key);
					}
					const name = eventName(object.metadata.name, at);
					const modern = source.reportingInstance !== undefined;
					const event: KubeObject = {
						apiVersion: 'v1',
						kind: 'Event',
						metadata: { name, namespace } as KubeObject['metadata'],
						involvedObject: ref,
						reason,
						message: text,
						type,
						...(modern
							? {
									source: {},
									firstTimestamp: null,
									lastTimestamp: null,
									eventTime: microTime(at),
									action: options.action ?? reason,
									reportingComponent: source.component,
									reportingInstance: source.reportingInstance
								}
							: {
									source: {
										component: source.component,
										...(source.host ? { host: source.host } : {})
									},
									firstTimestamp: timestamp(at),
									lastTimestamp: timestamp(at),
									count: 1,
									eventTime: null,
									reportingComponent: source.component,
									reportingInstance: source.host ?? ''
								})
					};
					const created = api.create(event);
					if (isApiError(created)) return;
					const stored = { namespace, name, at };
					written.push(stored);
					seen.set(key, stored);
					if (seen.size > CORRELATOR_ENTRIES) seen.delete(seen.keys().next().value as string);
					expire(at);
				}
			};
		}
	};
}
