import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import type { TrafficEvent } from '../../../src/mesh/telemetry/traffic.ts';
import { explainTrace, type ExplainContext } from '../../../src/ui/traces/explain.ts';
import { event } from '../fixtures.ts';

const T = 'c'.repeat(32);
const PRODUCTPAGE = 'default/productpage-v1-56b474697c-c76m6';

function policy(
	namespace: string,
	name: string,
	spec: Record<string, unknown>,
	condition?: Record<string, string>
): KubeObject {
	return {
		apiVersion: 'security.istio.io/v1',
		kind: 'AuthorizationPolicy',
		metadata: {
			name,
			namespace,
			uid: `uid-${name}`,
			resourceVersion: '1',
			creationTimestamp: '2026-01-01T00:00:00Z'
		},
		spec,
		...(condition ? { status: { conditions: [condition] } } : {})
	};
}

const GET_ONLY = { rules: [{ to: [{ operation: { methods: ['GET'] } }] }] };
const notBound = {
	type: 'WaypointAccepted',
	status: 'False',
	reason: 'AncestorNotBound',
	message: 'Service default/productpage is not bound to a waypoint'
};
const bound = {
	type: 'WaypointAccepted',
	status: 'True',
	reason: 'Accepted',
	message: 'bound to default/waypoint'
};
const gatewayMissing = {
	type: 'WaypointAccepted',
	status: 'False',
	reason: 'TargetNotFound',
	message: 'Gateway default/waypoint was not found'
};
const httpAllow = {
	type: 'ZtunnelAccepted',
	status: 'False',
	reason: 'UnsupportedValue',
	message:
		'ztunnel does not support HTTP attributes (found: methods). In ambient mode you must use a ' +
		'waypoint proxy to enforce HTTP rules. Within an ALLOW policy, rules matching HTTP attributes ' +
		'are omitted. This will be more restrictive than requested.'
};
const httpDenyNoop = {
	type: 'ZtunnelAccepted',
	status: 'False',
	reason: 'UnsupportedValue',
	message:
		'ztunnel does not support HTTP attributes (found: notRequestPrincipals). In ambient mode you ' +
		'must use a waypoint proxy to enforce HTTP rules. After omitting unsupported HTTP attributes, ' +
		'this DENY policy has no enforceable rules at ztunnel and will have no effect. Deploy a ' +
		'waypoint proxy and use a targetRef to enforce this policy.'
};
const serviceRef = { targetRefs: [{ kind: 'Service', group: '', name: 'productpage' }] };
const gatewayRef = {
	targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }]
};

/** curl → productpage over ztunnel only: client outbound, destination inbound. */
const direct: TrafficEvent[] = [
	event({ traceId: T }),
	event({ traceId: T, direction: 'inbound', proxy: 'istio-system/ztunnel-hjn9v' })
];
const deniedDirect: TrafficEvent[] = [
	event({ traceId: T }),
	event({
		traceId: T,
		direction: 'inbound',
		proxy: 'istio-system/ztunnel-hjn9v',
		decision: { result: 'deny', reason: 'denied: no ALLOW policy matched' }
	})
];
/** The same through the productpage waypoint. */
const viaWaypoint: TrafficEvent[] = [
	event({ traceId: T, waypoint: 'default/waypoint' }),
	event({
		traceId: T,
		reporter: 'waypoint',
		layer: 'L7',
		direction: 'inbound',
		proxy: 'default/waypoint-5d9c7b-abcde',
		waypoint: 'default/waypoint'
	}),
	event({ traceId: T, direction: 'inbound', proxy: 'istio-system/ztunnel-hjn9v' })
];

const labels = new Map([[PRODUCTPAGE, { app: 'productpage', version: 'v1' }]]);
const ctx = (...policies: KubeObject[]): ExplainContext => ({ policies, podLabels: labels });

describe('explainTrace', () => {
	const cases: {
		name: string;
		hops: TrafficEvent[];
		policies: KubeObject[];
		notes: { hop: number; has: string[] }[];
	}[] = [
		{
			name: 'targetRefs Service with no waypoint: nothing enforces it',
			hops: direct,
			policies: [policy('default', 'productpage-viewer', { ...serviceRef, ...GET_ONLY }, notBound)],
			notes: [
				{
					hop: 1,
					has: [
						'AuthorizationPolicy default/productpage-viewer targets Service productpage, but no waypoint serves it: nothing enforces it',
						'(status WaypointAccepted=False, AncestorNotBound)',
						'istio.io/use-waypoint'
					]
				}
			]
		},
		{
			name: 'targetRefs Service with no status yet and no waypoint in the path',
			hops: direct,
			policies: [policy('default', 'productpage-viewer', { ...serviceRef, ...GET_ONLY })],
			notes: [{ hop: 1, has: ['no waypoint serves it: nothing enforces it. Label'] }]
		},
		{
			name: 'targetRefs Service with no status yet, through a waypoint: no note',
			hops: viaWaypoint,
			policies: [policy('default', 'productpage-viewer', { ...serviceRef, ...GET_ONLY })],
			notes: []
		},
		{
			name: 'targetRefs Service bound to a waypoint: no note',
			hops: viaWaypoint,
			policies: [policy('default', 'productpage-viewer', { ...serviceRef, ...GET_ONLY }, bound)],
			notes: []
		},
		{
			name: 'targetRefs Gateway that does not exist',
			hops: direct,
			policies: [policy('default', 'viewer', { ...gatewayRef, ...GET_ONLY }, gatewayMissing)],
			notes: [
				{
					hop: 1,
					has: [
						'targets Gateway waypoint, but no such waypoint exists: nothing enforces it',
						'(status WaypointAccepted=False, TargetNotFound)',
						'istioctl waypoint apply -n default --name waypoint',
						'istio.io/use-waypoint=waypoint'
					]
				}
			]
		},
		{
			name: 'selector ALLOW with methods on an ambient pod: ztunnel drops the rule',
			hops: deniedDirect,
			policies: [
				policy(
					'default',
					'productpage-get',
					{ selector: { matchLabels: { app: 'productpage' } }, ...GET_ONLY },
					httpAllow
				)
			],
			notes: [
				{
					hop: 1,
					has: [
						'AuthorizationPolicy default/productpage-get uses HTTP fields (methods) but is enforced by ztunnel',
						'(status ZtunnelAccepted=False, UnsupportedValue)',
						'a dropped rule matches nothing',
						'use a waypoint and attach the policy with targetRefs'
					]
				}
			]
		},
		{
			name: 'namespace-wide DENY left with nothing to enforce',
			hops: direct,
			policies: [
				policy(
					'default',
					'deny-anon',
					{ action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }] },
					httpDenyNoop
				)
			],
			notes: [{ hop: 1, has: ['(notRequestPrincipals)', 'this DENY has no effect at all'] }]
		},
		{
			name: 'selector policy for another workload: no note',
			hops: direct,
			policies: [
				policy(
					'default',
					'reviews-get',
					{ selector: { matchLabels: { app: 'reviews' } }, ...GET_ONLY },
					httpAllow
				)
			],
			notes: []
		},
		{
			name: 'policies in another namespace: no note',
			hops: direct,
			policies: [
				policy(
					'other',
					'productpage-viewer',
					{ ...serviceRef, ...GET_ONLY },
					{
						...notBound,
						message: 'Service other/productpage is not bound to a waypoint'
					}
				),
				policy('other', 'all-get', GET_ONLY, httpAllow)
			],
			notes: []
		},
		{
			name: 'policy that ztunnel accepted: no note',
			hops: direct,
			policies: [
				policy(
					'default',
					'allow-curl',
					{ rules: [{ from: [{ source: { namespaces: ['default'] } }] }] },
					{
						type: 'ZtunnelAccepted',
						status: 'True',
						reason: 'Accepted',
						message: 'attached to ztunnel'
					}
				)
			],
			notes: []
		}
	];

	it.each(cases)('$name', ({ hops, policies, notes }) => {
		const got = explainTrace(hops, ctx(...policies));
		expect(got.map((n) => n.hop)).toEqual(notes.map((n) => n.hop));
		notes.forEach((n, i) => {
			for (const s of n.has) expect(got[i]?.text).toContain(s);
		});
	});

	it('says a DENY that ztunnel enforces broadly is why the connection was denied', () => {
		const hops = [
			event({ traceId: T }),
			event({
				traceId: T,
				direction: 'inbound',
				decision: { result: 'deny', policy: 'default/no-post', reason: 'denied by DENY policy' }
			})
		];
		const message =
			'ztunnel does not support HTTP attributes (found: methods). In ambient mode you must use a ' +
			'waypoint proxy to enforce HTTP rules. DENY policy with HTTP attributes is enforced without ' +
			'the HTTP rules. This will be more restrictive than requested.';
		const got = explainTrace(
			hops,
			ctx(
				policy(
					'default',
					'no-post',
					{
						action: 'DENY',
						rules: [{ to: [{ operation: { methods: ['POST'], ports: ['9080'] } }] }]
					},
					{ type: 'ZtunnelAccepted', status: 'False', reason: 'UnsupportedValue', message }
				)
			)
		);
		expect(got).toHaveLength(1);
		expect(got[0]?.text).toContain('whatever the method or path');
		expect(got[0]?.text).toContain('That is why this connection was denied.');
	});

	it('gives no notes for an empty trace', () => {
		expect(explainTrace([], ctx(policy('default', 'x', serviceRef, notBound)))).toEqual([]);
	});
});
