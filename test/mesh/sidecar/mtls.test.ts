/**
 * Sidecar-to-sidecar mutual TLS over TCP on the default profile (no HBONE). Written from Istio
 * 1.30's pilot/pkg/networking/core/cluster_tls.go (auto mTLS by the endpoint's
 * `security.istio.io/tlsMode` label; DestinationRule `tls.mode` overrides it), util.ALPNInMeshWithMxc,
 * listener_inbound.go (the inbound mTLS filter chain matched on TLS + Istio ALPN, the plaintext one
 * otherwise) and the mtls-migration task (STRICT refuses plaintext, sidecar clients keep working).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureEntry } from '../../../src/mesh/net/capture.ts';
import type { Playground } from '../../../src/shell/playground.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { capturedDuring, playground, podIp as podIpOf } from '../../support/playground.ts';

const text = (e: CaptureEntry): string => new TextDecoder().decode(e.payload ?? new Uint8Array());
const PLAINTEXT = /GET \/|HTTP\/1\.1|origin/;
/** A TLS handshake record carrying a ClientHello: `16 03 03 len len 01`. */
const isClientHello = (e: CaptureEntry): boolean =>
	e.payload?.[0] === 0x16 && e.payload[1] === 3 && e.payload[5] === 1;

describe('sidecar mTLS over TCP (default profile)', () => {
	let p: Playground;
	const run = (script: string) => runTranscript(script, p.shell);
	const podIp = (ns: string, app: string): string => podIpOf(p, ns, app);
	async function captured(script: string): Promise<{ out: string; wire: CaptureEntry[] }> {
		const { out, data } = await capturedDuring(p, script);
		return { out, wire: data.filter((e) => !e.redirected) };
	}
	const curl = (from: string, to: string) =>
		`kubectl exec -n ${from} deploy/curl -c curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://httpbin.${to}:8000/ip`;

	beforeAll(async () => {
		p = await playground('inprocess', 'empty');
		await run(`istioctl install --set profile=default --skip-confirmation
kubectl create ns foo
kubectl label namespace foo istio-injection=enabled
kubectl apply -n foo -f samples/curl/curl.yaml -f samples/httpbin/httpbin.yaml
kubectl create ns legacy
kubectl apply -n legacy -f samples/curl/curl.yaml -f samples/httpbin/httpbin.yaml
kubectl rollout status -n foo deploy/httpbin
kubectl rollout status -n foo deploy/curl`);
	}, 120_000);
	afterAll(() => p.cluster.dispose());

	it('auto mTLS: sidecar → sidecar is a TLS ClientHello then ciphertext on the wire', async () => {
		const { out, wire } = await captured(curl('foo', 'foo'));
		expect(out).toMatch(/^200$/m);
		const server = podIp('foo', 'httpbin');
		const hop = wire.filter((e) => e.dst.ip === server || e.src.ip === server);
		expect(hop.length).toBeGreaterThan(0);
		expect(hop.some(isClientHello)).toBe(true);
		for (const e of hop) expect(text(e)).not.toMatch(PLAINTEXT);
	}, 60_000);

	it('auto mTLS: plaintext to a pod without a sidecar, and from one', async () => {
		const toLegacy = await captured(curl('foo', 'legacy'));
		expect(toLegacy.out).toMatch(/^200$/m);
		expect(toLegacy.wire.some((e) => text(e).startsWith('GET /ip'))).toBe(true);
		const fromLegacy = await captured(curl('legacy', 'foo'));
		expect(fromLegacy.out).toMatch(/^200$/m);
		expect(fromLegacy.wire.some((e) => text(e).startsWith('GET /ip'))).toBe(true);
	}, 60_000);

	it('the server sidecar reports the peer identity for mTLS, none for plaintext', async () => {
		const stats = await run(
			`kubectl exec -n foo deploy/httpbin -c istio-proxy -- curl -s localhost:15020/stats/prometheus | grep '^istio_requests_total' | grep 'reporter="destination"'`
		);
		const fooLine = stats.split('\n').find((l) => l.includes('source_workload_namespace="foo"'));
		expect(fooLine).toContain('connection_security_policy="mutual_tls"');
		expect(fooLine).toContain('source_principal="spiffe://cluster.local/ns/foo/sa/curl"');
		const legacyLine = stats
			.split('\n')
			.find((l) => l.includes('source_workload_namespace="legacy"'));
		expect(legacyLine).toContain('connection_security_policy="none"');
	}, 60_000);

	it('DestinationRule tls.mode DISABLE overrides auto mTLS; ISTIO_MUTUAL to a plain pod fails', async () => {
		await run(`kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: httpbin-foo
  namespace: foo
spec:
  host: httpbin.foo.svc.cluster.local
  trafficPolicy:
    tls:
      mode: DISABLE
EOF`);
		const plain = await captured(curl('foo', 'foo'));
		expect(plain.out).toMatch(/^200$/m);
		expect(plain.wire.some((e) => text(e).startsWith('GET /ip'))).toBe(true);
		await run(`kubectl delete destinationrule -n foo httpbin-foo
kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: default
  namespace: istio-system
spec:
  host: "*.local"
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
EOF`);
		// httpbin.legacy has no sidecar: the app reads a ClientHello and the request fails (503).
		expect(await run(curl('foo', 'legacy'))).toMatch(/^503$/m);
		expect(await run(curl('foo', 'foo'))).toMatch(/^200$/m);
		await run('kubectl delete destinationrule -n istio-system default');
		expect(await run(curl('foo', 'legacy'))).toMatch(/^200$/m);
	}, 60_000);

	it('STRICT: mTLS clients pass, plaintext is refused (curl exit 56)', async () => {
		await run(`kubectl apply -n foo -f - <<EOF
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
spec:
  mtls:
    mode: STRICT
EOF`);
		expect(await run(curl('foo', 'foo'))).toMatch(/^200$/m);
		expect(await run(curl('legacy', 'foo'))).toMatch(/command terminated with exit code 56/);
		await run('kubectl delete peerauthentication -n foo default');
	}, 60_000);
});
