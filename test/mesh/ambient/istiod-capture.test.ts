/**
 * What the wire shows on istiod's port 15012 (issue 16): xDS pushes and CSRs travel inside TLS
 * that authenticates istiod, so a capture holds TLS records (a ClientHello, a ServerHello, then
 * application data), never the JSON frames or the PEM certificates inside them. Read through the
 * Capture view's own decoder (src/ui/capture/payload.ts).
 */
import { describe, expect, it } from 'vitest';
import type { CaptureEntry } from '../../../src/mesh/net/capture.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { decodePayload, payloadInfo } from '../../../src/ui/capture/payload.ts';
import { playground } from '../../support/playground.ts';

const latin1 = (e: CaptureEntry): string =>
	new TextDecoder('latin1').decode(e.payload ?? new Uint8Array());
const onXdsPort = (e: CaptureEntry): boolean => e.dst.port === 15012 || e.src.port === 15012;

describe("istiod's 15012 on the wire", () => {
	it('shows only TLS records: hellos in the clear, then ciphertext; no JSON, no PEM', async () => {
		const p = await playground('inprocess', 'bookinfo');
		await runTranscript('istioctl install --set profile=ambient --skip-confirmation', p.shell);
		// Enrolling the namespace makes ztunnels send CSRs for the pods' identities.
		const out = await runTranscript(
			[
				'kubectl label namespace default istio.io/dataplane-mode=ambient',
				'kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage:9080/productpage',
				'istioctl zc certificates --node ambient-worker'
			].join('\n'),
			p.shell
		);
		expect(out).toContain('200');
		expect(out).toMatch(/spiffe:\/\/cluster\.local\/ns\/default\/sa\/curl\s+Leaf\s+Available/);

		const data = (await p.cluster.runtime.capture(0)).entries.filter(
			(e) => e.type === 'data' && onXdsPort(e)
		);
		expect(data.length).toBeGreaterThan(10);
		const views = data.map((e) => decodePayload(e.payload));
		expect(views.every((v) => v.kind === 'tls')).toBe(true);
		for (const e of data) {
			expect(latin1(e)).not.toContain('-----BEGIN');
			expect(latin1(e)).not.toMatch(/"type"|"csr"|"workloads"|spiffe:\/\//);
		}
		const infos = views.map(payloadInfo);
		const toIstiod = data
			.filter((e) => e.dst.port === 15012)
			.map((e) => payloadInfo(decodePayload(e.payload)));
		expect(toIstiod[0]).toMatch(/^TLS handshake: ClientHello \(\d+ bytes\)$/);
		expect(infos).toContainEqual(expect.stringMatching(/^TLS handshake: ServerHello/));
		expect(infos).toContainEqual(
			expect.stringMatching(/^TLS application_data \(\d+ bytes, encrypted\)$/)
		);
		await p.cluster.dispose();
	}, 60_000);
});
