/**
 * A sidecar is Envoy (issue 12): on a port whose protocol is HTTP it runs the proxy core's L7
 * engine at both ends, on a TCP port only L4. What a user sees: the client-side VirtualService
 * fault answered by the client's own sidecar, HTTP vs TCP access log lines chosen by the port's
 * name (istio.io "Explicit protocol selection"), and L7 traffic events reported by the sidecar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playground } from '../../../src/shell/playground.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { playground } from '../../support/playground.ts';

const SETUP = `istioctl install --set profile=ambient --skip-confirmation
kubectl apply -f - <<EOF
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: mesh-default
  namespace: istio-system
spec:
  accessLogging:
  - providers:
    - name: envoy
EOF
kubectl create namespace legacy
kubectl label namespace legacy istio-injection=enabled
kubectl apply -n legacy -f samples/curl/curl.yaml
kubectl apply -n legacy -f samples/httpbin/httpbin.yaml
kubectl apply -n legacy -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: httpbin-tcp
spec:
  selector:
    app: httpbin
  ports:
  - name: tcp-raw
    port: 8001
    targetPort: 8080
EOF
kubectl wait -n legacy --for=condition=Ready pod --all --timeout=60s`;

const FAULT = `kubectl apply -n legacy -f - <<EOF
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: httpbin
spec:
  hosts:
  - httpbin
  http:
  - fault:
      abort:
        httpStatus: 418
        percentage:
          value: 100
    route:
    - destination:
        host: httpbin
EOF
kubectl exec -n legacy deploy/curl -- curl -s -w " %{http_code}\\n" http://httpbin:8000/get
kubectl logs -n legacy deploy/curl -c istio-proxy --tail 1
kubectl delete virtualservice -n legacy httpbin`;

describe('sidecar L7', () => {
	let p: Playground;
	const run = (script: string) => runTranscript(script, p.shell);

	beforeAll(async () => {
		p = await playground('inprocess', 'empty');
		await run(SETUP);
	}, 60_000);
	afterAll(() => p.cluster.dispose());

	it('logs a request on an http port, a connection on a tcp port', async () => {
		const out =
			await run(`kubectl exec -n legacy deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://httpbin:8000/get
kubectl logs -n legacy deploy/httpbin -c istio-proxy --tail 1
kubectl exec -n legacy deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://httpbin-tcp:8001/get
kubectl logs -n legacy deploy/curl -c istio-proxy --tail 1`);
		const lines = out.split('\n');
		const after = (cmd: string) => lines[lines.findIndex((l) => l.includes(cmd)) + 1];
		expect(after('http://httpbin:8000/get')).toBe('200');
		expect(after('http://httpbin-tcp:8001/get')).toBe('200');
		const logs = lines.filter((l) => l.startsWith('['));
		expect(logs[0]).toMatch(/"GET \/get HTTP\/1.1" 200 - via_upstream .* inbound\|8080\|\| /);
		// The client side chooses by the Service port it dialled: `tcp-raw` is a TCP proxy. (The
		// server side's listener is per target port, where httpbin's `http` Service already is.)
		expect(logs[1]).toMatch(
			/"- - -" 0 .* outbound\|8001\|\|httpbin-tcp\.legacy\.svc\.cluster\.local /
		);
	}, 60_000);

	it('applies a VirtualService fault on the client side: the client sidecar answers', async () => {
		const out = await run(FAULT);
		expect(out).toContain('fault filter abort 418');
		expect(out).toMatch(
			/"GET \/get HTTP\/1.1" 418 FI fault_filter_abort .* outbound\|8000\|\|httpbin\.legacy\.svc\.cluster\.local /
		);
	}, 60_000);

	it('reports each request as an L7 event of the sidecar at both ends', async () => {
		await run(
			'kubectl exec -n legacy deploy/curl -- curl -s -o /dev/null http://httpbin:8000/status/200'
		);
		const { events } = await p.cluster.runtime.traffic(0);
		const l7 = events.filter(
			(e) => e.reporter === 'sidecar' && e.layer === 'L7' && e.http?.path === '/status/200'
		);
		expect(l7.map((e) => e.direction).sort()).toEqual(['inbound', 'outbound']);
		expect(new Set(l7.map((e) => e.traceId)).size).toBe(1);
		expect(l7.every((e) => e.http?.status === 200 && e.mtls)).toBe(true);
	}, 60_000);
});
