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
 *
 * Its parts: `events-cache.ts` (the correlator and aggregator), `events-sink.ts` (writing,
 * bumping and expiring Events). This file is the recorder: what an Event says.
 */
import type { ApiServer } from '../api/api-server.ts';
import type { KubeObject } from '../api/objects.ts';
import { timestamp } from '../api/time.ts';
import type { SimMillis } from '../types.ts';
import { eventCorrelator } from './events-cache.ts';
import { eventSink, microTime } from './events-sink.ts';

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

type EventOptions = Parameters<EventRecorder['event']>[4] & object;

/** `ref.GetReference`: the involvedObject, with the container's fieldPath if any. */
function objectReference(object: KubeObject, options: EventOptions) {
	return {
		apiVersion: object.apiVersion,
		kind: object.kind,
		name: object.metadata.name,
		...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
		uid: object.metadata.uid,
		resourceVersion: object.metadata.resourceVersion,
		...(options.fieldPath ? { fieldPath: options.fieldPath } : {})
	};
}

/** `getEventKey` less the message: what similar events share. */
function aggregateKey(
	source: EventSource,
	ref: ReturnType<typeof objectReference>,
	namespace: string,
	type: EventType,
	reason: string,
	options: EventOptions
): string {
	return JSON.stringify([
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
}

/** `makeEvent`: a core/v1 Event, or its events.k8s.io shape when the source reports an instance. */
function makeEvent(
	source: EventSource,
	meta: { name: string; namespace: string },
	ref: ReturnType<typeof objectReference>,
	fields: { type: EventType; reason: string; message: string; action?: string },
	at: SimMillis
): KubeObject {
	const { type, reason, message } = fields;
	const modern = source.reportingInstance !== undefined;
	return {
		apiVersion: 'v1',
		kind: 'Event',
		metadata: meta as KubeObject['metadata'],
		involvedObject: ref,
		reason,
		message,
		type,
		...(modern
			? {
					source: {},
					firstTimestamp: null,
					lastTimestamp: null,
					eventTime: microTime(at),
					action: fields.action ?? reason,
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
}

export function createEventBroadcaster(api: ApiServer, now: () => SimMillis): EventBroadcaster {
	const correlator = eventCorrelator();
	const sink = eventSink(api);
	return {
		recorder(source) {
			return {
				event(object, type, reason, message, options = {}) {
					const at = now();
					const namespace = object.metadata.namespace ?? 'default';
					const ref = objectReference(object, options);
					const { key, text } = correlator.aggregate(
						aggregateKey(source, ref, namespace, type, reason, options),
						message,
						at
					);
					const previous = correlator.lookup(key);
					if (previous) {
						if (sink.bump(previous, at, text)) return;
						correlator.forget(key);
					}
					const name = sink.eventName(object.metadata.name, at);
					const event = makeEvent(
						source,
						{ name, namespace },
						ref,
						{ type, reason, message: text, action: options.action },
						at
					);
					const stored = sink.create(event, at);
					if (!stored) return;
					correlator.remember(key, stored);
					sink.expire(at);
				}
			};
		}
	};
}
