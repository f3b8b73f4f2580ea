/**
 * Segments in flight as step-mode rows: tcpdump's flags (as the Capture tab shows them), who
 * sends to whom, and when each arrives relative to the cluster's sim time.
 */
import type { InFlightSegment } from '../../mesh/runtime/stepping.ts';
import { SEGMENT_FLAGS, formatSimTime, type SegmentFlag } from '../capture/segments.ts';

export interface InFlightRow {
	readonly id: number;
	readonly flag: SegmentFlag;
	/** `default/curl-5b7c → default/productpage-v1-6d5f`; the receiver is the hop (a ztunnel) if any. */
	readonly route: string;
	readonly src: string;
	readonly dst: string;
	/** `DATA 143 B`, `RST refused`, `SYN`. */
	readonly summary: string;
	/** `+0.100 ms`: time left until it arrives. */
	readonly due: string;
	/** Sentence for screen readers and the tooltip. */
	readonly label: string;
}

function summary(s: InFlightSegment, flag: SegmentFlag): string {
	if (s.type === 'data') return `${flag} ${s.bytes} B`;
	if (s.type === 'reset' && s.reason) return `${flag} ${s.reason}`;
	return flag;
}

export function inFlightRow(s: InFlightSegment, now: number): InFlightRow {
	const flag = SEGMENT_FLAGS[s.type];
	const to = s.to ?? `${s.hop ?? s.dst.ip} (nobody)`;
	const src = `${s.src.ip}:${s.src.port}`;
	const dst = `${s.dst.ip}:${s.dst.port}`;
	const text = summary(s, flag);
	const due = `+${formatSimTime(Math.max(0, s.at - now))} ms`;
	const via = s.hop ? ` via ${s.hop}` : '';
	return {
		id: s.id,
		flag,
		route: `${s.from} → ${to}`,
		src,
		dst,
		summary: text,
		due,
		label: `${text} from ${s.from} (${src}) to ${dst}${via}, arrives in ${due.slice(1)}`
	};
}
