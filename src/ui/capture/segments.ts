/**
 * Capture entries as list rows: tcpdump's flags (SYN, SYN-ACK, DATA, FIN, RST), addresses,
 * the payload's one-line summary, and the marks this simulation adds (redirected into ztunnel,
 * dropped, delivered to a hop).
 */
import type { CaptureEntry } from '../../mesh/net/capture.ts';
import type { SegmentType } from '../../mesh/net/protocol.ts';
import { decodePayload, payloadInfo, type PayloadView } from './payload.ts';

export type SegmentFlag = 'SYN' | 'SYN-ACK' | 'DATA' | 'FIN' | 'RST';

export const SEGMENT_FLAGS: Record<SegmentType, SegmentFlag> = {
	connect: 'SYN',
	accept: 'SYN-ACK',
	data: 'DATA',
	close: 'FIN',
	reset: 'RST'
};

export interface SegmentRow {
	/** The running index in the feed: stable, so a selection survives new rows. */
	readonly no: number;
	readonly entry: CaptureEntry;
	readonly flag: SegmentFlag;
	readonly src: string;
	readonly dst: string;
	/** `ambient-worker → ambient-worker2`, or one name when both ends are on one node. */
	readonly node: string;
	/** `redirected`, `dropped`, `hop 10.244.2.7`, `reset: refused`. */
	readonly marks: readonly string[];
	readonly payload: PayloadView;
	readonly info: string;
}

export function segmentRow(no: number, entry: CaptureEntry): SegmentRow {
	const payload = decodePayload(entry.payload);
	const marks: string[] = [];
	if (entry.redirected) marks.push('redirected');
	if (entry.dropped) marks.push('dropped');
	if (entry.hop) marks.push(`hop ${entry.hop}`);
	if (entry.reason) marks.push(`reset: ${entry.reason}`);
	return {
		no,
		entry,
		flag: SEGMENT_FLAGS[entry.type],
		src: `${entry.src.ip}:${entry.src.port}`,
		dst: `${entry.dst.ip}:${entry.dst.port}`,
		node: entry.srcNode === entry.dstNode ? entry.srcNode : `${entry.srcNode} → ${entry.dstNode}`,
		marks,
		payload,
		info: payloadInfo(payload)
	};
}

/** Sim ms to three decimals: `7845.437`. */
export function formatSimTime(t: number): string {
	return (Math.round(t * 1000) / 1000).toFixed(3);
}
