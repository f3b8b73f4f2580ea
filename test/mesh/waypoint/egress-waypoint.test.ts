/**
 * A waypoint as an egress gateway, as Istio 1.30's ambient "Egress gateways" page sets it up
 * (istio.io content/en/docs/ambient/usage/egress-gateway): a ServiceEntry in a namespace enrolled
 * to use a waypoint (or labelled `istio.io/use-waypoint` itself: serviceEntryServiceBuilder's
 * fetchWaypointForService, pilot/pkg/serviceregistry/ambient/services.go) sends mesh traffic to
 * the host through that waypoint, which reaches the resolved address in plaintext; an
 * AuthorizationPolicy whose targetRefs names the ServiceEntry is enforced there; a
 * DestinationRule with `trafficPolicy.tls.mode: SIMPLE` for the host makes the waypoint
 * originate TLS (the page's "Originate TLS at the egress gateway": port 80 mapped to 443).
 */
import { describe, expect, it } from 'vitest';
import { EXTERNAL_HOSTS } from '../../../src/mesh/net/internet.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { playground } from '../../support/playground.ts';

const HTTPBIN = EXTERNAL_HOSTS.find((h) => h.name === 'httpbin.org')?.ip ?? '';
const SETUP = `istioctl install --set profile=ambient -y
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml
kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl create namespace istio-egress
kubectl label namespace istio-egress istio.io/dataplane-mode=ambient
istioctl waypoint apply --for service --namespace istio-egress --wait`;

const serviceEntry = (labels = ''): string => `kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: httpbin-org
  namespace: istio-egress${labels}
spec:
  hosts:
  - httpbin.org
  ports:
  - number: 80
    name: http
    protocol: HTTP
  resolution: DNS
EOF`;

const GET =
	'kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://httpbin.org/get';

describe('egress through a waypoint', () => {
	it('goes through the waypoint once the ServiceEntry is bound, and leaves from the waypoint', async () => {
		const p = await playground('inprocess', 'bookinfo');
		const rt = p.cluster.runtime;
		const run = (s: string) => runTranscript(s, p.shell);
		await run(SETUP);
		// Not bound yet (the namespace carries no use-waypoint label): ztunnel goes straight out.
		await run(serviceEntry());
		let mark = (await rt.traffic(0)).next;
		expect(await run(GET)).toContain('\n200\n');
		await p.cluster.settle();
		let events = (await rt.traffic(mark)).events;
		expect(events.map((e) => e.reporter)).toEqual(['ztunnel']);
		expect(events[0]?.waypoint).toBeUndefined();

		// Labelled on the ServiceEntry itself: the waypoint joins the path.
		await run(serviceEntry('\n  labels:\n    istio.io/use-waypoint: waypoint'));
		// istiod says so on the ServiceEntry (pilot/pkg/model/service.go GetConditions).
		expect(
			await run(
				"kubectl get serviceentry httpbin-org -n istio-egress -o jsonpath='{.status.conditions[0].message}'"
			)
		).toContain('Successfully attached to waypoint istio-egress/waypoint');
		mark = (await rt.traffic(0)).next;
		const capMark = (await rt.capture(0)).next;
		expect(await run(GET)).toContain('\n200\n');
		await p.cluster.settle();
		events = (await rt.traffic(mark)).events;
		const out = events.find((e) => e.reporter === 'ztunnel');
		const wp = events.find((e) => e.reporter === 'waypoint');
		expect(out).toMatchObject({
			waypoint: 'istio-egress/waypoint',
			protocol: 'HBONE',
			dst: { ip: '240.240.0.1', service: 'httpbin.org' }
		});
		expect(wp).toMatchObject({
			waypoint: 'istio-egress/waypoint',
			dst: { ip: HTTPBIN, port: 80, service: 'httpbin.org' },
			http: { method: 'GET', path: '/get', authority: 'httpbin.org', status: 200 }
		});
		expect(wp?.dst.identity).toBeUndefined();
		expect(wp?.traceId).toBe(out?.traceId);
		// On the wire, the connection to httpbin.org comes from the waypoint pod, not from curl.
		const waypointIp = (
			await run(
				"kubectl get pods -n istio-egress -l gateway.networking.k8s.io/gateway-name=waypoint -o jsonpath='{.items[0].status.podIP}'"
			)
		)
			.split('\n')[1]
			?.trim();
		const leaving = (await rt.capture(capMark)).entries.filter(
			(e) => e.type === 'connect' && e.dst.ip === HTTPBIN
		);
		expect(leaving.map((e) => e.src.ip)).toEqual([waypointIp]);
		expect(leaving[0]?.dstNode).toBe('internet');
		await p.cluster.dispose();
	}, 60_000);

	it('enforces an AuthorizationPolicy that targets the ServiceEntry', async () => {
		const p = await playground('inprocess', 'bookinfo');
		const run = (s: string) => runTranscript(s, p.shell);
		await run(SETUP);
		await run('kubectl label namespace istio-egress istio.io/use-waypoint=waypoint');
		await run(serviceEntry());
		await run(`kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: httpbin-org
  namespace: istio-egress
spec:
  targetRefs:
  - kind: ServiceEntry
    group: networking.istio.io
    name: httpbin-org
  action: ALLOW
  rules:
  - to:
    - operation:
        methods: ["GET"]
        paths: ["/get"]
EOF`);
		expect(
			await run(
				"kubectl get authorizationpolicy httpbin-org -n istio-egress -o jsonpath='{.status.conditions[0].message}'"
			)
		).toContain('bound to istio-egress/waypoint');
		expect(await run(GET)).toContain('\n200\n');
		const mark = (await p.cluster.runtime.traffic(0)).next;
		const post = await run('kubectl exec deploy/curl -- curl -s -X POST http://httpbin.org/post');
		expect(post).toContain('RBAC: access denied');
		await p.cluster.settle();
		const wp = (await p.cluster.runtime.traffic(mark)).events.find(
			(e) => e.reporter === 'waypoint'
		);
		expect(wp?.http?.status).toBe(403);
		expect(wp?.decision.result).toBe('deny');

		// A targetRef to a ServiceEntry that does not exist is reported on the policy.
		await run(`kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: missing
  namespace: istio-egress
spec:
  targetRefs:
  - kind: ServiceEntry
    group: networking.istio.io
    name: nope
  action: DENY
  rules:
  - {}
EOF`);
		expect(
			await run(
				"kubectl get authorizationpolicy missing -n istio-egress -o jsonpath='{.status.conditions[0].message}'"
			)
		).toContain('ServiceEntry istio-egress/nope was not found');
		await p.cluster.dispose();
	}, 60_000);

	it('originates TLS to the host once a DestinationRule says SIMPLE', async () => {
		const p = await playground('inprocess', 'bookinfo');
		const rt = p.cluster.runtime;
		const run = (s: string) => runTranscript(s, p.shell);
		await run(SETUP);
		await run('kubectl label namespace istio-egress istio.io/use-waypoint=waypoint');
		await run(`kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: httpbin-org
  namespace: istio-egress
spec:
  hosts: [httpbin.org]
  ports:
  - {number: 80, name: http, protocol: HTTP, targetPort: 443}
  resolution: DNS
EOF`);
		// Plain HTTP to the HTTPS port: the server drops it, Envoy answers 503.
		expect(await run(GET)).toContain('\n503\n');
		await run(`kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: httpbin-org-tls
  namespace: istio-egress
spec:
  host: httpbin.org
  trafficPolicy:
    tls:
      mode: SIMPLE
EOF`);
		const mark = (await rt.capture(0)).next;
		const body = await run('kubectl exec deploy/curl -- curl -s http://httpbin.org/get');
		expect(body).toContain('"url": "https://httpbin.org/get"');
		// Leaving the cluster: TLS records to 443 only; the request is readable nowhere on the way.
		const out = (await rt.capture(mark)).entries.filter(
			(e) => e.type === 'data' && e.dst.ip === HTTPBIN
		);
		expect(out.length).toBeGreaterThan(0);
		for (const e of out) {
			expect(e.dst.port).toBe(443);
			expect(new TextDecoder().decode(e.payload)).not.toMatch(/GET \/get|Host: httpbin/);
		}
		await p.cluster.dispose();
	}, 60_000);
});
