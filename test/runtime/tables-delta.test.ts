/**
 * Network tables sent to pod workers as deltas must rebuild exactly the tables the cluster
 * computed: a scenario table of single changes, then long random sequences of them.
 */
import { describe, expect, it } from 'vitest';
import type { NetworkTables, ServicePortEntry } from '../../src/mesh/net/tables.ts';
import { applyTablesDelta, diffTables } from '../../src/mesh/runtime/tables-delta.ts';
import { ip, type IpAddr } from '../../src/mesh/types.ts';

const svc = (n: number, port: number, endpoints: number[]): ServicePortEntry => ({
	vip: ip(`10.96.0.${n}`),
	port,
	service: `default/svc${n}`,
	endpoints: endpoints.map((e) => ({ ip: ip(`10.244.1.${e}`), port: 9080 }))
});

const base: NetworkTables = {
	dns: { 'svc1.default.svc.cluster.local': ip('10.96.0.1') },
	services: [svc(1, 9080, [1, 2]), svc(2, 9080, [3])],
	redirection: { '10.244.1.1': ip('10.244.1.100') },
	stranded: [],
	version: 1
};

const scenarios: { name: string; next: Omit<NetworkTables, 'version'>; sends: string[] }[] = [
	{ name: 'nothing changed', next: base, sends: [] },
	{
		name: 'a pod became ready: one endpoint more',
		next: { ...base, services: [svc(1, 9080, [1, 2, 4]), base.services[1]!] },
		sends: ['services']
	},
	{
		name: 'a service went: its port and its name',
		next: { ...base, dns: {}, services: [base.services[1]!] },
		sends: ['dns', 'services']
	},
	{
		name: 'a pod was enrolled',
		next: { ...base, redirection: { ...base.redirection, '10.244.1.2': ip('10.244.1.100') } },
		sends: ['redirection']
	},
	{
		name: 'istio uninstalled under enrolled pods',
		next: { ...base, redirection: {}, stranded: [ip('10.244.1.1')] },
		sends: ['redirection', 'stranded']
	},
	{
		name: 'a ServiceEntry got an address',
		next: { ...base, meshDns: { 'api.example.com': ip('240.240.0.1') } },
		sends: ['meshDns']
	},
	{
		// Enforced inside the workers (kindnet's filter hook): lost from a delta, a worker's
		// pods would never be isolated (parity.test.ts's NetworkPolicy case).
		name: 'a NetworkPolicy was created',
		next: { ...base, networkPolicy: { pods: {} } },
		sends: ['networkPolicy']
	}
];

describe('network tables as deltas', () => {
	it.each(scenarios)('$name', ({ next, sends }) => {
		const to = { ...next, version: 2 };
		const delta = diffTables(base, to);
		expect(Object.keys(delta).filter((k) => k !== 'from' && k !== 'version')).toEqual(sends);
		expect(applyTablesDelta(base, delta)).toEqual(to);
	});

	it('drops the NetworkPolicy table when the last policy goes', () => {
		const isolated = { ...base, networkPolicy: { pods: {} } };
		const to = { ...base, version: 2 };
		expect(applyTablesDelta(isolated, diffTables(isolated, to))).toEqual(to);
	});

	it('sends only the service ports that changed', () => {
		const services = Array.from({ length: 50 }, (_, i) => svc(i, 80, [i]));
		const prev = { ...base, services, version: 1 };
		const changed = services.map((s, i) => (i === 7 ? svc(7, 80, [7, 8]) : s));
		const delta = diffTables(prev, { ...prev, services: changed, version: 2 });
		expect(delta.services?.set).toEqual([svc(7, 80, [7, 8])]);
		expect(delta.services?.order).toBeUndefined();
	});

	it('refuses a delta made for other tables, so the worker is sent them whole', () => {
		const delta = diffTables(base, { ...base, dns: {}, version: 2 });
		expect(applyTablesDelta({ ...base, version: 5 }, delta)).toBeUndefined();
	});

	it('rebuilds every step of a long random sequence of changes', () => {
		let seed = 7;
		const rnd = (n: number): number => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed % n;
		};
		let truth: NetworkTables = base;
		let held: NetworkTables = base;
		for (let version = 2; version < 400; version++) {
			const services = new Map(truth.services.map((s) => [`${s.vip}:${s.port}`, s]));
			const dns: Record<string, IpAddr> = { ...truth.dns };
			const redirection: Record<string, IpAddr> = { ...truth.redirection };
			for (let k = rnd(4); k >= 0; k--) {
				const n = rnd(12);
				const what = rnd(5);
				if (what === 0) services.delete(`10.96.0.${n}:80`);
				else if (what === 1)
					services.set(
						`10.96.0.${n}:80`,
						svc(
							n,
							80,
							Array.from({ length: rnd(5) }, () => rnd(250))
						)
					);
				else if (what === 2) dns[`svc${n}.default.svc.cluster.local`] = ip(`10.96.0.${rnd(9)}`);
				else if (what === 3) delete redirection[`10.244.1.${n}`];
				else redirection[`10.244.1.${n}`] = ip(`10.244.1.${100 + rnd(3)}`);
			}
			const next: NetworkTables = {
				dns,
				// Sorted by service, as computeTables sorts them: adding one moves the others.
				services: [...services.values()].sort((a, b) => (a.service < b.service ? -1 : 1)),
				redirection,
				stranded: rnd(10) === 0 ? [ip(`10.244.1.${rnd(9)}`)] : (truth.stranded ?? []),
				version
			};
			const rebuilt = applyTablesDelta(held, diffTables(truth, next));
			expect(rebuilt).toEqual(next);
			held = rebuilt!;
			truth = next;
		}
	});
});
