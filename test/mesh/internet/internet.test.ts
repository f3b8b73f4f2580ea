/**
 * The simulated internet (src/mesh/net/internet.ts, src/mesh/cluster/internet.ts): public names
 * resolve through CoreDNS's upstream, the servers answer over HTTP from outside the pod and
 * service CIDRs, an unknown name fails as curl 8 says it (`curl: (6) Could not resolve host`),
 * and the capture shows the flow leaving the cluster for the `internet`.
 */
import { describe, expect, it } from 'vitest';
import { createResolver } from '../../../src/mesh/net/dns.ts';
import { EXTERNAL_HOSTS, INTERNET } from '../../../src/mesh/net/internet.ts';
import { EMPTY_TABLES } from '../../../src/mesh/net/tables.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { playground } from '../../support/playground.ts';

const inCidr = (a: string, prefix: string): boolean => a.startsWith(prefix);

describe('hosts outside the cluster', () => {
	it('have addresses outside the pod and service CIDRs', () => {
		expect(EXTERNAL_HOSTS.map((h) => h.name)).toEqual(
			expect.arrayContaining(['httpbin.org', 'example.com'])
		);
		for (const h of EXTERNAL_HOSTS) {
			expect(inCidr(h.ip, '10.244.')).toBe(false);
			expect(inCidr(h.ip, '10.96.')).toBe(false);
		}
	});

	it('resolve through the upstream after the search domains miss (ndots:5)', () => {
		const r = createResolver('default', () => EMPTY_TABLES);
		expect(r.lookup('httpbin.org')).toBe(EXTERNAL_HOSTS.find((h) => h.name === 'httpbin.org')?.ip);
		expect(r.lookup('httpbin.org.')).toBeDefined();
		expect(r.lookup('nosuchhost.example')).toBeUndefined();
		// cluster.local is CoreDNS's own zone: never forwarded upstream.
		expect(r.lookup('httpbin.org.cluster.local')).toBeUndefined();
	});

	it('serve HTTPS with certificates curl verifies against the image CA bundle', async () => {
		const p = await playground('inprocess', 'bookinfo');
		const rt = p.cluster.runtime;
		const mark = (await rt.capture(0)).next;
		const out = await runTranscript(
			[
				'kubectl exec deploy/curl -- curl -s https://example.com/ | grep -o "<title>.*</title>"',
				'kubectl exec deploy/curl -- curl -s https://httpbin.org/get',
				// The certificate names the host, not its address (curl 8: exit 60).
				'kubectl exec deploy/curl -- curl -sS https://203.0.113.10/get',
				// A plain HTTP server on the other end: the handshake fails (exit 35).
				'kubectl exec deploy/curl -- curl -sS https://productpage:9080/'
			].join('\n'),
			p.shell
		);
		expect(out).toContain('<title>Example Domain</title>');
		expect(out).toContain('"url": "https://httpbin.org/get"');
		expect(out).toMatch(
			/curl: \(60\) SSL: no alternative certificate subject name matches target ipv4 address '203\.0\.113\.10'\nMore details here: https:\/\/curl\.se\/docs\/sslcerts\.html\n[\s\S]*?command terminated with exit code 60/
		);
		expect(out).toContain('command terminated with exit code 35');
		// On the wire to 443: TLS records only, never the request.
		const toHttps = (await rt.capture(mark)).entries.filter(
			(e) => e.type === 'data' && e.dst.port === 443 && e.dstNode === INTERNET
		);
		expect(toHttps.length).toBeGreaterThan(0);
		for (const e of toHttps)
			expect(new TextDecoder().decode(e.payload)).not.toMatch(/GET \/|Host:/);
		await p.cluster.dispose();
	}, 30_000);

	it('answer curl from a pod, and an unknown name fails with curl exit 6', async () => {
		const p = await playground('inprocess', 'bookinfo');
		const rt = p.cluster.runtime;
		const mark = (await rt.capture(0)).next;
		const out = await runTranscript(
			[
				'kubectl exec deploy/curl -- curl -s http://httpbin.org/get',
				'kubectl exec deploy/curl -- curl -s http://example.com/ | grep -o "<title>.*</title>"',
				'kubectl exec deploy/curl -- curl -sS http://nosuchhost.example/',
				'kubectl get pods -A -o wide | grep -c 203.0.113'
			].join('\n'),
			p.shell
		);
		expect(out).toContain('"url": "http://httpbin.org/get"');
		expect(out).toContain('"Host": "httpbin.org"');
		expect(out).toContain('<title>Example Domain</title>');
		expect(out).toContain('curl: (6) Could not resolve host: nosuchhost.example');
		expect(out).toContain('command terminated with exit code 6');
		// The external servers are not pods: kubectl lists none of them.
		expect(out).toMatch(/grep -c 203\.0\.113\n0\n/);
		const httpbin = EXTERNAL_HOSTS.find((h) => h.name === 'httpbin.org');
		const entries = (await rt.capture(mark)).entries;
		const out1 = entries.find((e) => e.type === 'connect' && e.dst.ip === httpbin?.ip);
		expect(out1?.dstNode).toBe(INTERNET);
		expect(out1?.srcNode).not.toBe(INTERNET);
		const request = entries.find(
			(e) =>
				e.type === 'data' &&
				e.dst.ip === httpbin?.ip &&
				new TextDecoder().decode(e.payload).startsWith('GET /get HTTP/1.1')
		);
		expect(request).toBeDefined();
		await p.cluster.dispose();
	}, 30_000);
});
