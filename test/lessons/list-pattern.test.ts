/**
 * `{ contains: [...] }` in resource checks (issue 14): lists compared in any order, with extra
 * elements allowed, and evidence that says which entry is missing in words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { evaluateResource } from '../../src/lessons/checks/resource.ts';
import { containsAll, describePattern } from '../../src/lessons/checks/list-pattern.ts';
import type { HeadlessHost } from '../../src/lessons/headless-host.ts';
import type { ListPattern } from '../../src/lessons/types.ts';
import { headlessHost } from '../../scripts/lessons-check.ts';

const backends = [
	{ name: 'reviews-v2', port: 9080, weight: 10 },
	{ name: 'reviews-v1', port: 9080, weight: 90 }
];

describe('containsAll', () => {
	it.each<{ name: string; value: unknown; patterns: ListPattern[]; expected: boolean }>([
		{
			name: 'elements in another order',
			value: backends,
			patterns: [
				{ name: 'reviews-v1', weight: 90 },
				{ name: 'reviews-v2', weight: 10 }
			],
			expected: true
		},
		{
			name: 'weights swapped',
			value: backends,
			patterns: [{ name: 'reviews-v1', weight: 10 }],
			expected: false
		},
		{
			name: 'one more principal than asked for',
			value: ['a', 'b', 'c'],
			patterns: ['c', 'a'],
			expected: true
		},
		{ name: 'a principal missing', value: ['a', 'b'], patterns: ['c'], expected: false },
		{
			name: 'a principal that starts with spiffe:// ({matches})',
			value: [{ from: [{ source: { principals: ['spiffe://cluster.local/ns/default/sa/x'] } }] }],
			patterns: [{ from: [{ source: { principals: [{ matches: '^spiffe://' }] } }] }],
			expected: true
		},
		{
			name: 'no principal starts with spiffe://',
			value: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/x'] } }] }],
			patterns: [{ from: [{ source: { principals: [{ matches: '^spiffe://' }] } }] }],
			expected: false
		},
		{
			name: 'a rule that still has methods',
			value: [{ to: [{ operation: { methods: ['GET'] } }] }],
			patterns: [{ to: [{ operation: { methods: [{ matches: '.' }] } }] }],
			expected: true
		},
		{
			name: "an HTTPRoute rule's matches keep their mapping meaning",
			value: [{ matches: [{ headers: [{ name: 'end-user', value: 'jason' }] }] }],
			patterns: [{ matches: [{ headers: [{ name: 'end-user' }] }] }],
			expected: true
		},
		{ name: 'not a list', value: 'a', patterns: ['a'], expected: false },
		{ name: 'absent', value: undefined, patterns: ['a'], expected: false },
		{
			name: 'nested lists: the principal in the second rule',
			value: [
				{ from: [{ source: { principals: ['x'] } }] },
				{ from: [{ source: { namespaces: ['y'] } }, { source: { principals: ['w', 'curl'] } }] }
			],
			patterns: [{ from: [{ source: { principals: ['curl'] } }] }],
			expected: true
		},
		{
			name: 'a mapping pattern never matches a scalar element',
			value: ['reviews-v1'],
			patterns: [{ name: 'reviews-v1' }],
			expected: false
		},
		{
			name: 'numbers compare with their YAML text',
			value: [{ weight: 90 }],
			patterns: [{ weight: '90' }],
			expected: true
		}
	])('$name', ({ value, patterns, expected }) => {
		expect(containsAll(value, patterns)).toBe(expected);
	});

	it('says a pattern in words', () => {
		expect(describePattern({ name: 'reviews-v1', weight: 90 })).toBe(
			'name reviews-v1 and weight 90'
		);
		expect(
			describePattern({ from: [{ source: { principals: ['cluster.local/ns/default/sa/curl'] } }] })
		).toBe('from[].source.principals[] cluster.local/ns/default/sa/curl');
	});
});

let host: HeadlessHost | undefined;
afterEach(async () => {
	await host?.dispose();
});

describe('a resource check with contains', () => {
	it('passes on principals in any order and names the missing one in words', async () => {
		host = headlessHost();
		await host.restart('bookinfo', 1);
		await host.type('istioctl install --set profile=ambient --skip-confirmation');
		const apply = await host.type(`kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: viewers
spec:
  selector:
    matchLabels:
      app: productpage
  rules:
  - from:
    - source:
        principals: [cluster.local/ns/default/sa/waypoint, cluster.local/ns/default/sa/curl]
EOF`);
		expect(apply.exitCode).toBe(0);
		const principals = (p: string): ListPattern[] => [{ from: [{ source: { principals: [p] } }] }];
		const ok = evaluateResource(host.cluster.api, {
			kind: 'authorizationpolicy',
			fields: { 'spec.rules': { contains: principals('cluster.local/ns/default/sa/curl') } }
		});
		expect(ok).toEqual({
			passed: true,
			evidence: ['AuthorizationPolicy default/viewers matches']
		});
		const missing = evaluateResource(host.cluster.api, {
			kind: 'authorizationpolicy',
			fields: { 'spec.rules': { contains: principals('cluster.local/ns/other/sa/curl') } }
		});
		expect(missing.passed).toBe(false);
		expect(missing.evidence).toEqual([
			'AuthorizationPolicy default/viewers: spec.rules has no entry with from[].source.principals[] cluster.local/ns/other/sa/curl'
		]);
	}, 60_000);
});
