/**
 * client-go's EventCorrelator (`tools/record/events_cache.go`): the EventAggregator turns the
 * tenth different message of the same reason about the same object within ten minutes into one
 * "(combined from similar events): …" event, and the event logger remembers which stored Event
 * a repeat folds into (an LRU of `maxLruCacheEntries`).
 */
import type { SimMillis } from '../types.ts';

/** client-go's correlator remembers this many distinct events (maxLruCacheEntries). */
const CORRELATOR_ENTRIES = 4096;
/** client-go's defaultAggregateMaxEvents and defaultAggregateIntervalInSeconds. */
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const COMBINED = '(combined from similar events): ';

/** An Event this store wrote. */
export interface Stored {
	readonly namespace: string;
	readonly name: string;
	readonly at: SimMillis;
}

export interface EventCorrelator {
	/**
	 * `EventAggregate`: the key a repeat is found by and the message to write. `aggregateKey` is
	 * everything but the message.
	 */
	aggregate(aggregateKey: string, message: string, at: SimMillis): { key: string; text: string };
	/** The stored Event `key` folds into, now the most recently used. */
	lookup(key: string): Stored | undefined;
	forget(key: string): void;
	remember(key: string, stored: Stored): void;
}

export function eventCorrelator(): EventCorrelator {
	/** Correlator key → the Event it folds into (insertion order = least recently used first). */
	const seen = new Map<string, Stored>();
	/** Aggregate key → the messages seen in the current interval. */
	const similar = new Map<string, { messages: Set<string>; since: SimMillis }>();
	return {
		aggregate(aggregateKey, message, at) {
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
			return {
				key: combined ? aggregateKey : `${aggregateKey}\n${message}`,
				text: combined ? COMBINED + message : message
			};
		},
		lookup(key) {
			const previous = seen.get(key);
			if (previous) {
				seen.delete(key);
				seen.set(key, previous);
			}
			return previous;
		},
		forget: (key) => seen.delete(key),
		remember(key, stored) {
			seen.set(key, stored);
			if (seen.size > CORRELATOR_ENTRIES) seen.delete(seen.keys().next().value as string);
		}
	};
}
