/**
 * A ServiceEntry in a running ambient cluster, checked from what a user sees:
 * - istiod's IP allocator writes `status.addresses` (istio 1.30.3
 *   pilot/pkg/controllers/ipallocate/ipallocate.go: the next address of 240.240.0.0/16 and of
 *   2001:2::/48 per host, kept once written; none for resolution NONE or the
 *   `networking.istio.io/enable-autoallocate-ip: "false"` label, per
 *   pilot/pkg/networking/serviceentry/ip_autoallocation.go);
 * - ztunnel's DNS proxy answers the host with that VIP to enrolled pods only (istio-cni's
 *   `dnsCapture: true` in manifests/charts/istio-cni/values.yaml; ztunnel src/dns/server.rs);
 * - ztunnel sends a connection to the VIP to the resolved endpoint (the host's public address);
 * - `istioctl zc services` lists it (istioctl/pkg/writer/ztunnel/configdump/services.go);
 * - the CRD's CEL rules reject the common mistakes with their own messages
 *   (manifests/charts/base/files/crd-all.gen.yaml, serviceentries.networking.istio.io).
 */
import { describe, expect, it } from 'vitest';
import { EXTERNAL_HOSTS } from '../../../src/mesh/net/internet.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { playground } from '../../support/playground.ts';

const HTTPBIN_IP = EXTERNAL_HOSTS.find((h) => h.name === 'httpbin.org')?.ip ?? '';

const entry = (name: string, host: string, extra = ''): string => `kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${name}
  namespace: default${extra}
spec:
  hosts:
  - ${host}
  ports:
  - number: 80
    name: http
    protocol: HTTP
  resolution: DNS
EOF`;

const addresses = '-o jsonpath=\'{range .status.addresses[*]}{.host} {.value}{"\\n"}{end}\'';

describe('ServiceEntry in ambient mode', () => {
	it('gets auto-allocated VIPs, resolves to them in the mesh and reaches its endpoint', async () => {
		const p = await playground('inprocess', 'bookinfo');
		const run = (s: string) => runTranscript(s, p.shell);
		// No istiod running, no allocator: the status stays empty until it runs.
		await run('istioctl install --set profile=ambient -y');
		await run('kubectl scale deploy/istiod -n istio-system --replicas=0');
		await run(entry('early', 'early.example'));
		const before = await run(`kubectl get se early ${addresses}`);
		expect(before.split('\n').slice(1).join('')).toBe('');
		await run('kubectl scale deploy/istiod -n istio-system --replicas=1');
		await run('kubectl rollout status deploy/istiod -n istio-system');
		expect(await run(`kubectl get se early ${addresses}`)).toContain(
			'early.example 240.240.0.1\nearly.example 2001:2::1\n'
		);
		await run(entry('httpbin-org', 'httpbin.org'));
		await run(
			entry(
				'opted-out',
				'opted.example',
				'\n  labels:\n    networking.istio.io/enable-autoallocate-ip: "false"'
			)
		);
		expect(await run(`kubectl get se httpbin-org ${addresses}`)).toContain(
			'httpbin.org 240.240.0.2\nhttpbin.org 2001:2::2\n'
		);
		expect(await run(`kubectl get se opted-out ${addresses}`)).not.toContain('opted.example');
		// Applying it again keeps what was allocated.
		await run(entry('httpbin-org', 'httpbin.org'));
		expect(await run(`kubectl get se httpbin-org ${addresses}`)).toContain(
			'httpbin.org 240.240.0.2\n'
		);

		// Outside the mesh, CoreDNS's upstream answers: the public address.
		const plain = await run(
			'kubectl exec deploy/curl -- curl -sv -o /dev/null http://httpbin.org/get 2>&1 | grep IPv4'
		);
		expect(plain).toContain(`* IPv4: ${HTTPBIN_IP}`);

		await run('kubectl label namespace default istio.io/dataplane-mode=ambient');
		const meshed = await run(
			'kubectl exec deploy/curl -- curl -sv -o /dev/null -w "%{http_code}\\n" http://httpbin.org/get 2>&1 | grep -E "IPv4|^200"'
		);
		expect(meshed).toContain('* IPv4: 240.240.0.2');
		expect(meshed).toContain('200');
		// ztunnel logged the VIP as the destination and reached the resolved address.
		const mark = (await p.cluster.runtime.capture(0)).next;
		await run('kubectl exec deploy/curl -- curl -s -o /dev/null http://httpbin.org/get');
		const leaving = (await p.cluster.runtime.capture(mark)).entries.filter(
			(e) => e.type === 'connect' && e.dst.ip === HTTPBIN_IP
		);
		expect(leaving.length).toBe(1);
		const logs = await run(
			'kubectl logs -n istio-system -l app=ztunnel | grep 240.240.0.2 | tail -1'
		);
		expect(logs).toMatch(/dst\.addr=240\.240\.0\.2:80 .*direction="outbound"/);

		const zc = await run('istioctl zc services --service-namespace default');
		expect(zc).toMatch(/default\s+httpbin-org\s+240\.240\.0\.2\s+None\s+1\/1/);
		const workloads = await run(
			'istioctl zc workloads --workload-namespace default | grep httpbin-org'
		);
		expect(workloads).toMatch(/default\s+httpbin-org\s+httpbin\.org\s+None\s+TCP/);
		await p.cluster.dispose();
	}, 60_000);

	it("rejects the common mistakes with the CRD rules' messages", async () => {
		const p = await playground('inprocess', 'empty');
		const run = (s: string) => runTranscript(s, p.shell);
		await run('istioctl install --set profile=ambient -y');
		const apply = (spec: string) =>
			run(`kubectl apply -f - <<EOF
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: bad
spec:
${spec}
EOF`);
		expect(await apply('  resolution: DNS')).toContain(
			'The ServiceEntry "bad" is invalid: \n* spec.hosts: Required value'
		);
		expect(
			await apply('  hosts: [a.example]\n  resolution: NONE\n  endpoints:\n  - address: 192.0.2.1')
		).toContain('spec: Invalid value: "object": NONE mode cannot set endpoints');
		expect(await apply('  hosts: ["*"]\n  resolution: DNS')).toContain(
			'spec.hosts[0]: Invalid value: "string": hostname cannot be wildcard'
		);
		expect(
			await apply('  hosts: [a.example]\n  addresses: [10.1.0.0/16]\n  resolution: DNS')
		).toContain('CIDR addresses are allowed only for NONE/STATIC resolution types');
		expect(
			await apply(
				'  hosts: [a.example]\n  resolution: DNS\n  ports:\n  - {number: 80, name: a}\n  - {number: 80, name: b}'
			)
		).toContain('spec.ports: Invalid value: "array": port number cannot be duplicated');
		// Nothing was stored.
		expect(await run('kubectl get se -A')).toContain('No resources found');
		await p.cluster.dispose();
	}, 30_000);
});
