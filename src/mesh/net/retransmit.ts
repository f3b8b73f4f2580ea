/**
 * When a Linux sender retransmits a segment nobody acknowledged, and when it gives up. The stack
 * here has no ACKs; the wire knows a fault dropped a segment and replays it on this schedule, so
 * a lossy link costs what it costs on a real one (a late SYN-ACK, a stalled response) and a dead
 * one ends in the kernel's ETIMEDOUT.
 */
import type { SegmentType } from './protocol.ts';

/** TCP_TIMEOUT_INIT: the first SYN/SYN-ACK retransmission comes after 1 s, then doubles. */
const SYN_RTO = 1000;
/** tcp_syn_retries (6): SYNs at 0, 1, 3, 7, 15, 31, 63 s; connect() fails at 127 s. */
const SYN_RETRIES = 6;
/** tcp_synack_retries (5). */
const SYNACK_RETRIES = 5;
/** TCP_RTO_MIN: on a sub-millisecond link the data RTO sits at its 200 ms floor. */
const DATA_RTO = 200;
/** TCP_RTO_MAX: backoff stops doubling at 120 s. */
const RTO_MAX = 120_000;
/** tcp_retries2 (15): about 924.6 s after the first send the connection times out. */
const DATA_RETRIES = 15;

export interface RetransmitSchedule {
	/** Offsets (ms after the first send) of each retransmission, in order. */
	readonly retries: readonly number[];
	/** Offset at which the sender gives up (ETIMEDOUT), or undefined if nothing is retried. */
	readonly giveUp: number | undefined;
}

function schedule(first: number, count: number): RetransmitSchedule {
	const retries: number[] = [];
	let offset = 0;
	let rto = first;
	for (let i = 0; i < count; i++) {
		offset += rto;
		retries.push(offset);
		rto = Math.min(rto * 2, RTO_MAX);
	}
	return { retries, giveUp: offset + rto };
}

const SCHEDULES: Readonly<Record<SegmentType, RetransmitSchedule>> = {
	connect: schedule(SYN_RTO, SYN_RETRIES),
	accept: schedule(SYN_RTO, SYNACK_RETRIES),
	data: schedule(DATA_RTO, DATA_RETRIES),
	close: schedule(DATA_RTO, DATA_RETRIES),
	// An RST is never retransmitted: the peer answers the next segment it sends with another.
	reset: { retries: [], giveUp: undefined }
};

export function retransmitSchedule(type: SegmentType): RetransmitSchedule {
	return SCHEDULES[type];
}
