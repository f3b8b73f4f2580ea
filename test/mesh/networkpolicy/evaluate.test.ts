/**
 * NetworkPolicy semantics as the Kubernetes API reference states them (networking.k8s.io/v1
 * NetworkPolicySpec, NetworkPolicyPeer, NetworkPolicyPort; concepts/services-networking/
 * network-policies), compiled and evaluated as kindnet's kube-network-policies does: one row per
 * rule of the docs, each a connection that must be allowed or dropped.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/mesh/api/objects.ts';
import {
	compilePolicies,
	type NetworkPolicyObject
} from '../../../src/mesh/networkpolicy/compile.ts';
import { evaluate } from '../../../src/mesh/networkpolicy/evaluate.ts';
import { ip } from '../../../src/mesh/types.ts';

function pod(
	name: string,
	namespace: string,
	addr: string,
	labels: Record<string, string>,
	ports: { name?: string; containerPort: number }[] = []
): Pod {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: { name, namespace, labels },
		spec: { containers: [{ name: 'app', image: 'x', ports }] },
		status: { phase: 'Running', podIP: addr }
	} as Pod;
}

const PODS = [
	pod('web', 'default', '10.244.1.10', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]),
	pod('client', 'default', '10.244.1.11', { app: 'client' }),
	pod('other', 'default', '10.244.2.12', { app: 'other' }),
	pod('remote', 'prod', '10.244.2.13', { app: 'client' }),
	pod('db', 'default', '10.244.2.14', { app: 'db' }, [{ name: 'pg', containerPort: 5432 }])
];
const NAMESPACES = new Map<string, Record<string, string>>([
	['default', { 'kubernetes.io/metadata.name': 'default' }],
	['prod', { 'kubernetes.io/metadata.name': 'prod', env: 'prod' }]
]);
const WEB = '10.244.1.10';
const CLIENT = '10.244.1.11';
const OTHER = '10.244.2.12';
const REMOTE = '10.244.2.13';
const DB = '10.244.2.14';
const OUTSIDE = '203.0.113.10';

type Spec = NetworkPolicyObject['spec'];
const web = { matchLabels: { app: 'web' } };

interface Row {
	readonly name: string;
	readonly policies: readonly Spec[];
	readonly src: string;
	readonly dst: string;
	readonly port: number;
	readonly allowed: boolean;
}

const ROWS: Row[] = [
	{
		name: 'no policy selects the pod: all traffic allowed (pods are non-isolated by default)',
		policies: [],
		src: CLIENT,
		dst: WEB,
		port: 8080,
		allowed: true
	},
	{
		name: 'default deny ingress: a policy with policyTypes Ingress and no rules isolates the pod',
		policies: [{ podSelector: {}, policyTypes: ['Ingress'] }],
		src: CLIENT,
		dst: WEB,
		port: 8080,
		allowed: false
	},
	{
		name: 'default deny ingress leaves egress alone',
		policies: [{ podSelector: {}, policyTypes: ['Ingress'] }],
		src: CLIENT,
		dst: OUTSIDE,
		port: 80,
		allowed: true
	},
	{
		name: 'default deny egress: the source pod is isolated for egress',
		policies: [{ podSelector: {}, policyTypes: ['Egress'] }],
		src: CLIENT,
		dst: OUTSIDE,
		port: 80,
		allowed: false
	},
	{
		name: 'an empty rule {} allows all ingress',
		policies: [{ podSelector: web, policyTypes: ['Ingress'], ingress: [{}] }],
		src: CLIENT,
		dst: WEB,
		port: 1234,
		allowed: true
	},
	{
		name: 'ports: only the listed port is allowed (8080 yes)',
		policies: [
			{ podSelector: web, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080 }] }] }
		],
		src: CLIENT,
		dst: WEB,
		port: 8080,
		allowed: true
	},
	{
		name: "ports: a port not listed is dropped (ambient's HBONE 15008)",
		policies: [
			{ podSelector: web, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080 }] }] }
		],
		src: CLIENT,
		dst: WEB,
		port: 15008,
		allowed: false
	},
	{
		name: 'endPort: a port inside [port, endPort] matches',
		policies: [
			{
				podSelector: web,
				policyTypes: ['Ingress'],
				ingress: [{ ports: [{ port: 15000, endPort: 15010 }] }]
			}
		],
		src: CLIENT,
		dst: WEB,
		port: 15008,
		allowed: true
	},
	{
		name: 'endPort: a port past endPort does not',
		policies: [
			{
				podSelector: web,
				policyTypes: ['Ingress'],
				ingress: [{ ports: [{ port: 15000, endPort: 15010 }] }]
			}
		],
		src: CLIENT,
		dst: WEB,
		port: 15011,
		allowed: false
	},
	{
		name: 'named port (ingress): resolved on the selected pod',
		policies: [
			{ podSelector: web, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'http' }] }] }
		],
		src: CLIENT,
		dst: WEB,
		port: 8080,
		allowed: true
	},
	{
		name: 'named port (egress): resolved on the destination pod',
		policies: [
			{
				podSelector: { matchLabels: { app: 'client' } },
				policyTypes: ['Egress'],
				egress: [{ ports: [{ port: 'pg' }] }]
			}
		],
		src: CLIENT,
		dst: DB,
		port: 5432,
		allowed: true
	},
	{
		name: 'named port (egress): a destination without that name matches nothing',
		policies: [
			{
				podSelector: { matchLabels: { app: 'client' } },
				policyTypes: ['Egress'],
				egress: [{ ports: [{ port: 'pg' }] }]
			}
		],
		src: CLIENT,
		dst: WEB,
		port: 5432,
		allowed: false
	},
	{
		name: 'podSelector peer: pods of the policy namespace only (client yes)',
		policies: [
			{
				podSelector: web,
				policyTypes: ['Ingress'],
				ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }]
			}
		],
		src: CLIENT,
		dst: WEB,
		port: 8080,
		allowed: true
	},
	{
		name: 'podSelector peer: the same labels in another namespace do not match',
		policies: [
			{
				podSelector: web,
				policyTypes: ['Ingress'],
				ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }]
			}
		],
		src: REMOTE,
		dst: WEB,
		port: 8080,
		allowed: false
	},
	{
		name: 'namespaceSelector peer: every pod of the selected namespaces',
		policies: [
			{
				podSelector: web,
				policyTypes: ['Ingress'],
				ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'prod' } } }] }]
			}
		],
		src: REMOTE,
		dst: WEB,
		port: 8080,
		allowed: true
	},
	{
		name: 'namespaceSelector and podSelector in one peer: both must match (AND)',
		policies: [
			{
				podSelector: web,
				policyTypes: ['Ingress'],
				ingress: [
					{
						from: [
							{
								namespaceSelector: { matchLabels: { env: 'prod' } },
								podSelector: { matchLabels: { app: 'other' } }
							}
						]
					}
				]
			}
		],
		src: REMOTE,
		dst: WEB,
		port: 8080,
		allowed: false
	},
	{
		name: 'ipBlock peer: an address in cidr',
		policies: [
			{
				podSelector: web,
				policyTypes: ['Ingress'],
				ingress: [{ from: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.2.0/24'] } }] }]
			}
		],
		src: CLIENT,
		dst: WEB,
		port: 8080,
		allowed: true
	},
	{
		name: 'ipBlock peer: an address in except is not',
		policies: [
			{
				podSelector: web,
				policyTypes: ['Ingress'],
				ingress: [{ from: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.2.0/24'] } }] }]
			}
		],
		src: OTHER,
		dst: WEB,
		port: 8080,
		allowed: false
	},
	{
		name: "ipBlock of ambient's probe address allows only that source",
		policies: [
			{
				podSelector: web,
				policyTypes: ['Ingress'],
				ingress: [{ from: [{ ipBlock: { cidr: '169.254.7.127/32' } }] }]
			}
		],
		src: CLIENT,
		dst: WEB,
		port: 8080,
		allowed: false
	},
	{
		name: 'policies add up: a second policy allowing the source lets it in',
		policies: [
			{ podSelector: web, policyTypes: ['Ingress'] },
			{
				podSelector: web,
				policyTypes: ['Ingress'],
				ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }]
			}
		],
		src: CLIENT,
		dst: WEB,
		port: 8080,
		allowed: true
	},
	{
		name: 'egress and ingress both apply: the destination must also allow it',
		policies: [
			{ podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{}] },
			{ podSelector: web, policyTypes: ['Ingress'] }
		],
		src: CLIENT,
		dst: WEB,
		port: 8080,
		allowed: false
	},
	{
		name: 'protocol: a UDP-only rule does not allow TCP',
		policies: [
			{
				podSelector: web,
				policyTypes: ['Ingress'],
				ingress: [{ ports: [{ protocol: 'UDP', port: 8080 }] }]
			}
		],
		src: CLIENT,
		dst: WEB,
		port: 8080,
		allowed: false
	}
];

describe('NetworkPolicy evaluation (kube-network-policies)', () => {
	it.each(ROWS)('$name', ({ policies, src, dst, port, allowed }) => {
		const objects: NetworkPolicyObject[] = policies.map((spec, i) => ({
			metadata: { name: `np-${i}`, namespace: 'default' },
			spec
		}));
		const table = compilePolicies(objects, PODS, NAMESPACES);
		const verdict = evaluate(table, { src: ip(src), dst: ip(dst), port, protocol: 'TCP' });
		expect(verdict.allowed).toBe(allowed);
	});

	it('names the policies and the direction that dropped a connection', () => {
		const table = compilePolicies(
			[
				{
					metadata: { name: 'deny', namespace: 'default' },
					spec: { podSelector: web, policyTypes: ['Ingress'] }
				}
			],
			PODS,
			NAMESPACES
		);
		expect(evaluate(table, { src: ip(CLIENT), dst: ip(WEB), port: 80, protocol: 'TCP' })).toEqual({
			allowed: false,
			direction: 'ingress',
			pod: WEB,
			policies: ['default/deny']
		});
	});
});
