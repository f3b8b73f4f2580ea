/**
 * ServiceEntries in istiod's workload API. Written from istio 1.30.3
 * pilot/pkg/serviceregistry/ambient/services.go `constructServiceEntries` (one Service per
 * host; user `addresses`, else the auto-allocated ones; none for resolution NONE or a wildcard
 * host) and workloads.go `serviceEntryWorkloadBuilder` (implicit endpoints: DNS resolution and
 * no endpoints gives one workload per host whose `hostname` is the host;
 * `generateServiceEntryUID` = `Kubernetes/networking.istio.io/ServiceEntry/<ns>/<name>/<addr>`).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { buildServiceEntries } from '../../../src/mesh/istiod/service-entries.ts';
import { snapshot } from './fixtures.ts';

function se(
	name: string,
	spec: Record<string, unknown>,
	addresses: { host: string; value: string }[] = []
): KubeObject {
	return {
		apiVersion: 'networking.istio.io/v1',
		kind: 'ServiceEntry',
		metadata: {
			name,
			namespace: 'istio-egress',
			uid: `uid-${name}`,
			resourceVersion: '1',
			creationTimestamp: '2026-01-01T00:00:00Z'
		},
		spec,
		...(addresses.length > 0 ? { status: { addresses } } : {})
	} as KubeObject;
}

const HTTP80 = [{ number: 80, name: 'http', protocol: 'HTTP' }];

describe('buildServiceEntries', () => {
	it('DNS resolution without endpoints: the allocated IPv4 VIP and a hostname workload', () => {
		const { services, workloads } = buildServiceEntries(
			snapshot({
				serviceEntries: [
					se('httpbin-org', { hosts: ['httpbin.org'], ports: HTTP80, resolution: 'DNS' }, [
						{ host: 'httpbin.org', value: '240.240.0.1' },
						{ host: 'httpbin.org', value: '2001:2::1' }
					])
				]
			})
		);
		const uid = 'Kubernetes/networking.istio.io/ServiceEntry/istio-egress/httpbin-org/httpbin.org';
		expect(services).toEqual([
			{
				name: 'httpbin-org',
				namespace: 'istio-egress',
				hostname: 'httpbin.org',
				vips: ['240.240.0.1'],
				ports: { 80: 80 },
				endpoints: [{ workloadUid: uid, ports: { 80: 80 }, status: 'Healthy' }]
			}
		]);
		expect(workloads).toHaveLength(1);
		expect(workloads[0]).toMatchObject({
			uid,
			hostname: 'httpbin.org',
			address: '',
			protocol: 'TCP',
			services: { 'istio-egress/httpbin.org': { 80: 80 } }
		});
	});

	it('targetPort maps the service port (the docs page maps 80 to 443)', () => {
		const { services } = buildServiceEntries(
			snapshot({
				serviceEntries: [
					se('h', {
						hosts: ['httpbin.org'],
						ports: [{ number: 80, name: 'http', protocol: 'HTTP', targetPort: 443 }],
						resolution: 'DNS'
					})
				]
			})
		);
		expect(services[0]?.ports).toEqual({ 80: 443 });
		expect(services[0]?.endpoints[0]?.ports).toEqual({ 80: 443 });
	});

	it('STATIC endpoints: one IP workload each, behind every host; user addresses win', () => {
		const { services, workloads } = buildServiceEntries(
			snapshot({
				serviceEntries: [
					se(
						'db',
						{
							hosts: ['db.example', 'db2.example'],
							addresses: ['192.0.2.50'],
							ports: [{ number: 5432, name: 'tcp', protocol: 'TCP' }],
							resolution: 'STATIC',
							endpoints: [{ address: '192.0.2.1' }, { address: '192.0.2.2', ports: { tcp: 6432 } }]
						},
						[{ host: 'db.example', value: '240.240.0.9' }]
					)
				]
			})
		);
		expect(services.map((s) => [s.hostname, s.vips])).toEqual([
			['db.example', ['192.0.2.50']],
			['db2.example', ['192.0.2.50']]
		]);
		expect(workloads.map((w) => w.address)).toEqual(['192.0.2.1', '192.0.2.2']);
		expect(services[0]?.endpoints.map((e) => e.ports[5432])).toEqual([5432, 6432]);
	});

	it('resolution NONE: no VIP and no endpoints (passthrough); a wildcard host gets no VIP', () => {
		const { services, workloads } = buildServiceEntries(
			snapshot({
				serviceEntries: [
					se('none', { hosts: ['x.example'], ports: HTTP80, resolution: 'NONE' }, [
						{ host: 'x.example', value: '240.240.0.3' }
					]),
					se('wild', { hosts: ['*.example.org'], ports: HTTP80, resolution: 'DNS' })
				]
			})
		);
		expect(services.map((s) => [s.hostname, s.vips, s.endpoints.length])).toEqual([
			['x.example', [], 0],
			['*.example.org', [], 1]
		]);
		expect(workloads.map((w) => w.hostname)).toEqual(['*.example.org']);
	});
});
