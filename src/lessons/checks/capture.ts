/**
 * `capture`: segments the Capture view lists since the step started (the engine's probes left
 * out), by port, payload (plaintext HTTP or a TLS record) and whether they crossed between
 * nodes. "Before enrolment, HTTP crosses the wire in the clear; after, only TLS records on
 * 15008" is two of these.
 */
import type { CaptureEntry } from '../../mesh/net/capture.ts';
import { payloadKind } from '../../mesh/net/payload-kind.ts';
import type { CapturePredicate } from '../types.ts';
import { learnerCapture, type CheckContext } from './context.ts';
import type { Verdict } from './resource.ts';

export function selects(e: CaptureEntry, p: CapturePredicate): boolean {
	if (e.dropped) return false;
	if (p.port !== undefined && e.src.port !== p.port && e.dst.port !== p.port) return false;
	if (p.betweenNodes !== undefined) {
		const crosses = e.srcNode !== e.dstNode && !e.redirected;
		if (crosses !== p.betweenNodes) return false;
	}
	if (p.payload !== undefined) return e.type === 'data' && payloadKind(e.payload) === p.payload;
	return true;
}

/** "plaintext HTTP on port 9080 between nodes", for evidence. */
export function describeCapture(p: CapturePredicate): string {
	const what =
		p.payload === 'http' ? 'plaintext HTTP' : p.payload === 'tls' ? 'TLS records' : 'segments';
	const port = p.port !== undefined ? ` on port ${p.port}` : '';
	const where =
		p.betweenNodes === true ? ' between nodes' : p.betweenNodes === false ? ' within a node' : '';
	return `${what}${port}${where}`;
}

function segment(e: CaptureEntry): string {
	const kind = payloadKind(e.payload);
	const first =
		kind === 'http' && e.payload
			? ` "${new TextDecoder().decode(e.payload).split('\r\n')[0]}"`
			: kind === 'tls'
				? ' (TLS record, encrypted)'
				: '';
	return `${e.src.ip}:${e.src.port} (${e.srcNode}) → ${e.dst.ip}:${e.dst.port} (${e.dstNode})${first}`;
}

export async function evaluateCapture(ctx: CheckContext, p: CapturePredicate): Promise<Verdict> {
	const want = p.exists ?? true;
	const hits = (await learnerCapture(ctx)).filter((e) => selects(e, p));
	const what = describeCapture(p);
	if (hits.length === 0)
		return { passed: !want, evidence: [`the capture shows no ${what} since this step started`] };
	const shown = hits.length === 1 ? 'one segment' : `${hits.length} segments`;
	return {
		passed: want,
		evidence: [`the capture shows ${what}: ${shown}, e.g. ${segment(hits[0]!)}`]
	};
}
