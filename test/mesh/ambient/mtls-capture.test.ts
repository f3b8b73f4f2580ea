/**
 * What the wire shows before and after one label: the same request is readable HTTP between
 * pods, then only ciphertext between ztunnels on port 15008 (the pod-to-ztunnel leg stays
 * inside the pod's network namespace and is marked so).
 */
import { describe, expect, it } from 'vitest';
import type { CaptureEntry } from '../../../src/mesh/net/capture.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { playground } from '../../support/playground.ts';

const REQUEST = 'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage';
const text = (e: CaptureEntry): string => new TextDecoder().decode(e.payload ?? new Uint8Array());

describe('mTLS on the wire', () => {
	it('turns readable HTTP into ciphertext between ztunnels once the namespace is labelled', async () => {
		const p = await playground('inprocess', 'bookinfo');
		const rt = p.cluster.runtime;
		await runTranscript('istioctl install --set profile=ambient --skip-confirmation', p.shell);

		const before = (await rt.capture(0)).next;
		await runTranscript(REQUEST, p.shell);
		const plain = (await rt.capture(before)).entries.filter((e) => e.type === 'data');
		expect(plain.some((e) => text(e).startsWith('GET /productpage HTTP/1.1'))).toBe(true);
		expect(plain.some((e) => e.dst.port === 15008)).toBe(false);

		await runTranscript('kubectl label namespace default istio.io/dataplane-mode=ambient', p.shell);
		const mark = (await rt.capture(0)).next;
		const out = await runTranscript(`${REQUEST} | grep -o "<title>.*</title>"`, p.shell);
		expect(out).toContain('<title>Simple Bookstore App</title>');
		const meshed = (await rt.capture(mark)).entries.filter((e) => e.type === 'data');
		const onWire = meshed.filter((e) => !e.redirected);
		const hbone = onWire.filter((e) => e.dst.port === 15008 || e.src.port === 15008);
		expect(hbone.length).toBeGreaterThan(0);
		// Nothing on the node's wire is readable: no request line, no CONNECT, no page.
		for (const e of onWire) {
			expect(text(e)).not.toMatch(/GET \/|CONNECT |HTTP\/1\.1|Bookstore/);
		}
		// The plaintext request still exists, but only inside the pods' network namespaces: from
		// curl to its ztunnel, and from productpage's ztunnel to productpage.
		const inPod = meshed.filter((e) => e.redirected && text(e).startsWith('GET /productpage'));
		expect(inPod).toHaveLength(2);
		expect(inPod.filter((e) => e.hop !== undefined)).toHaveLength(1);
		await p.cluster.dispose();
	}, 30_000);
});
