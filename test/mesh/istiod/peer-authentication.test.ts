import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import {
	convertPeerAuthentication,
	convertedSelectorPeerAuthentications,
	peerAuthenticationsFor,
	staticStrictPolicy
} from '../../../src/mesh/istiod/peer-authentication.ts';
import { buildPolicyIndex, workloadPolicies } from '../../../src/mesh/istiod/policies.ts';
import { authorizationPolicy, peerAuthentication } from './fixtures.ts';

const ROOT = 'istio-system';
const STRICT_KEY = 'istio-system/istio_converted_static_strict';
const NO_ID = { notPrincipals: [{ presence: true }] };
const mode = (m: string) => ({ mtls: { mode: m } });
const sel = { selector: { matchLabels: { app: 'a' } } };

const mesh = (m: string, created?: string) =>
	peerAuthentication('default-mesh', mode(m), { namespace: ROOT, ...(created ? { created } : {}) });
const ns = (m: string, created?: string) =>
	peerAuthentication(`default-${m.toLowerCase()}`, mode(m), {
		namespace: 'foo',
		...(created ? { created } : {})
	});
const wl = (spec: Record<string, unknown>) =>
	peerAuthentication('workload', { ...sel, ...spec }, { namespace: 'foo' });

describe('effective PeerAuthentication for a workload (mesh → namespace → workload)', () => {
	const cases: { name: string; configs: KubeObject[]; expected: string[] }[] = [
		{ name: 'nothing: PERMISSIVE by default', configs: [], expected: [] },
		{ name: 'mesh STRICT', configs: [mesh('STRICT')], expected: [STRICT_KEY] },
		{ name: 'namespace STRICT', configs: [ns('STRICT')], expected: [STRICT_KEY] },
		{
			name: 'namespace PERMISSIVE overrides mesh STRICT',
			configs: [mesh('STRICT'), ns('PERMISSIVE')],
			expected: []
		},
		{
			name: 'namespace UNSET inherits mesh STRICT',
			configs: [mesh('STRICT'), ns('UNSET')],
			expected: [STRICT_KEY]
		},
		{
			name: 'DISABLE is not enforced: it only stops STRICT',
			configs: [mesh('STRICT'), ns('DISABLE')],
			expected: []
		},
		{
			name: 'workload STRICT over namespace PERMISSIVE',
			configs: [ns('PERMISSIVE'), wl(mode('STRICT'))],
			expected: [STRICT_KEY]
		},
		{
			name: 'workload PERMISSIVE over namespace STRICT',
			configs: [ns('STRICT'), wl(mode('PERMISSIVE'))],
			expected: []
		},
		{
			name: 'workload STRICT with a PERMISSIVE port: only the converted policy',
			configs: [wl({ ...mode('STRICT'), portLevelMtls: { 9090: { mode: 'PERMISSIVE' } } })],
			expected: ['foo/converted_peer_authentication_workload']
		},
		{
			name: 'namespace STRICT + workload port PERMISSIVE: merged into the converted policy',
			configs: [ns('STRICT'), wl({ portLevelMtls: { 9090: { mode: 'PERMISSIVE' } } })],
			expected: ['foo/converted_peer_authentication_workload']
		},
		{
			name: 'workload PERMISSIVE with a STRICT port',
			configs: [wl({ ...mode('PERMISSIVE'), portLevelMtls: { 9090: { mode: 'STRICT' } } })],
			expected: ['foo/converted_peer_authentication_workload']
		},
		{
			name: 'the oldest mesh policy wins',
			configs: [
				mesh('PERMISSIVE', '2026-01-02T00:00:00Z'),
				{ ...mesh('STRICT'), metadata: { ...mesh('STRICT').metadata, name: 'older' } }
			],
			expected: [STRICT_KEY]
		}
	];
	for (const c of cases) {
		it(c.name, () => {
			expect(convertedSelectorPeerAuthentications(ROOT, c.configs)).toEqual(c.expected);
		});
	}
});

describe('convertPeerAuthentication (port-level mTLS → DENY)', () => {
	const cases: {
		name: string;
		cfg: KubeObject;
		nsCfg?: KubeObject;
		rootCfg?: KubeObject;
		groups: unknown[] | undefined;
	}[] = [
		{
			name: 'STRICT + port 9090 PERMISSIVE',
			cfg: wl({ ...mode('STRICT'), portLevelMtls: { 9090: { mode: 'PERMISSIVE' } } }),
			groups: [{ rules: [{ matches: [NO_ID] }, { matches: [{ notDestinationPorts: [9090] }] }] }]
		},
		{
			name: 'PERMISSIVE + port 9090 STRICT',
			cfg: wl({ ...mode('PERMISSIVE'), portLevelMtls: { 9090: { mode: 'STRICT' } } }),
			groups: [{ rules: [{ matches: [{ ...NO_ID, destinationPorts: [9090] }] }] }]
		},
		{
			name: 'DISABLE + port 9090 STRICT',
			cfg: wl({ ...mode('DISABLE'), portLevelMtls: { 9090: { mode: 'STRICT' } } }),
			groups: [{ rules: [{ matches: [{ ...NO_ID, destinationPorts: [9090] }] }] }]
		},
		{
			name: 'namespace STRICT, workload unset, port PERMISSIVE: strictness merged',
			cfg: wl({ portLevelMtls: { 9090: { mode: 'PERMISSIVE' } } }),
			nsCfg: ns('STRICT'),
			rootCfg: mesh('PERMISSIVE'),
			groups: [{ rules: [{ matches: [{ notDestinationPorts: [9090] }] }, { matches: [NO_ID] }] }]
		},
		{
			name: 'namespace UNSET, mesh PERMISSIVE: only the STRICT port is denied',
			cfg: wl({ portLevelMtls: { 9090: { mode: 'STRICT' }, 8080: { mode: 'PERMISSIVE' } } }),
			nsCfg: ns('UNSET'),
			rootCfg: mesh('PERMISSIVE'),
			groups: [{ rules: [{ matches: [{ ...NO_ID, destinationPorts: [9090] }] }] }]
		},
		{
			name: 'STRICT with only STRICT ports: the static policy covers it',
			cfg: wl({ ...mode('STRICT'), portLevelMtls: { 9090: { mode: 'STRICT' } } }),
			groups: undefined
		},
		{
			name: 'no selector: not a workload policy',
			cfg: peerAuthentication(
				'ns-wide',
				{ portLevelMtls: { 9090: { mode: 'STRICT' } } },
				{ namespace: 'foo' }
			),
			groups: undefined
		}
	];
	for (const c of cases) {
		it(c.name, () => {
			const r = convertPeerAuthentication(ROOT, c.cfg, c.nsCfg, c.rootCfg);
			if (c.groups === undefined) return expect(r).toBeUndefined();
			expect(r).toEqual({
				name: 'converted_peer_authentication_workload',
				namespace: 'foo',
				scope: 'WorkloadSelector',
				action: 'Deny',
				groups: c.groups
			});
		});
	}
});

describe('policy index (policies.go) and workload references (buildWorkloadPolicies)', () => {
	it('sends the static STRICT policy once any PeerAuthentication exists', () => {
		expect(buildPolicyIndex([], [], ROOT).policies).toEqual([]);
		const idx = buildPolicyIndex([], [ns('PERMISSIVE')], ROOT);
		expect(idx.policies.map((p) => p.authorization)).toEqual([staticStrictPolicy(ROOT)]);
	});

	it('references selector policies of the root and own namespace, sorted, then PeerAuthentication keys', () => {
		const aps = [
			authorizationPolicy('z-allow', { ...sel, rules: [{}] }, { namespace: 'foo' }),
			authorizationPolicy('a-deny', { ...sel, action: 'DENY', rules: [{}] }, { namespace: 'foo' }),
			authorizationPolicy('mesh-sel', { ...sel, rules: [{}] }, { namespace: ROOT }),
			authorizationPolicy('other-ns', { ...sel, rules: [{}] }, { namespace: 'bar' }),
			authorizationPolicy('ns-wide', { rules: [{}] }, { namespace: 'foo' }),
			authorizationPolicy('empty-selector', { selector: {}, rules: [{}] }, { namespace: 'foo' }),
			authorizationPolicy('all-labels', { selector: { matchLabels: {} } }, { namespace: 'foo' }),
			authorizationPolicy(
				'not-me',
				{ selector: { matchLabels: { app: 'b' } } },
				{ namespace: 'foo' }
			),
			authorizationPolicy('custom', { ...sel, action: 'CUSTOM' }, { namespace: 'foo' }),
			authorizationPolicy(
				'waypoint',
				{ targetRefs: [{ kind: 'Service', name: 'a' }] },
				{ namespace: 'foo' }
			)
		];
		const idx = buildPolicyIndex(aps, [ns('STRICT')], ROOT);
		expect(workloadPolicies(idx, 'foo', { app: 'a' })).toEqual([
			'foo/a-deny',
			'foo/all-labels',
			'foo/z-allow',
			'istio-system/mesh-sel',
			STRICT_KEY
		]);
		expect(idx.statuses.get('foo/custom')?.status).toBe('False');
		expect(idx.statuses.has('foo/waypoint')).toBe(false);
		expect(idx.statuses.get('foo/ns-wide')?.message).toBe('attached to ztunnel');
	});

	it('fetchPeerAuthentications: own namespace (matching selector) plus root selector-less', () => {
		const all = [
			mesh('STRICT'),
			peerAuthentication('root-sel', { ...sel, ...mode('PERMISSIVE') }, { namespace: ROOT }),
			ns('PERMISSIVE'),
			wl(mode('STRICT')),
			peerAuthentication('other', { selector: { matchLabels: { app: 'b' } } }, { namespace: 'foo' })
		];
		expect(
			peerAuthenticationsFor(all, ROOT, 'foo', { app: 'a' }).map((p) => p.metadata.name)
		).toEqual(['default-mesh', 'default-permissive', 'workload']);
	});
});
