/**
 * A page restarts its cluster with the same seed. The new cluster's trace ids must not repeat the
 * old one's (the Traces view would merge new requests into old traces), yet stay deterministic for
 * a seed and generation, and generation 0 must keep the sequence golden transcripts were made with.
 */
import { describe, expect, it } from 'vitest';
import { createPlayground } from '../../../src/shell/playground.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { inProcessRuntime } from '../../support/playground.ts';

const SCRIPT = [
	'istioctl install --set profile=ambient --skip-confirmation',
	'kubectl label namespace default istio.io/dataplane-mode=ambient',
	'kubectl exec deploy/curl -- curl -s -o /dev/null http://productpage:9080/productpage',
	'kubectl exec deploy/curl -- curl -s -o /dev/null http://reviews:9080/reviews/1',
	'kubectl get pods -o name'
].join('\n');

async function run(generation: number): Promise<{ traceIds: string[]; transcript: string }> {
	const p = await createPlayground({ runtime: inProcessRuntime(), seed: 1, generation });
	try {
		const transcript = await runTranscript(SCRIPT, p.shell);
		const { events } = await p.cluster.runtime.traffic(0);
		return { traceIds: [...new Set(events.map((e) => e.traceId))], transcript };
	} finally {
		await p.cluster.dispose();
	}
}

describe('trace ids per cluster generation', () => {
	it('never repeat after a restart, and stay the same for the same generation', async () => {
		const first = await run(0);
		const restarted = await run(1);
		const again = await run(1);
		expect(first.traceIds.length).toBeGreaterThanOrEqual(2);
		expect(restarted.traceIds.length).toBe(first.traceIds.length);
		expect(restarted.traceIds.filter((id) => first.traceIds.includes(id))).toEqual([]);
		expect(again.traceIds).toEqual(restarted.traceIds);
		// Everything else is the seed's: same pods, same output.
		expect(restarted.transcript).toBe(first.transcript);
		expect(first.transcript).toMatch(/pod\/productpage-v1-/);
	}, 120_000);
});
