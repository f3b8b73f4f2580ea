/**
 * The patch `kubectl edit` sends (src/mesh/api/patch/two-way.ts), table-driven from apimachinery
 * pkg/util/strategicpatch/patch.go `CreateTwoWayMergePatch` (merge-keyed lists diffed by key with
 * `$setElementOrder` and `$patch: delete`, removed fields as null) and evanphx/json-patch
 * `CreateMergePatch` for custom resources (lists replaced whole).
 */
import { describe, expect, it } from 'vitest';
import { createTwoWayPatch } from '../../../src/mesh/api/patch/two-way.ts';

const pod = (containers: unknown[], extra: Record<string, unknown> = {}) => ({
	spec: { template: { spec: { containers, ...extra } } }
});

describe('createTwoWayPatch', () => {
	const cases: {
		name: string;
		original: Record<string, unknown>;
		modified: Record<string, unknown>;
		kind: string | undefined;
		patch: Record<string, unknown>;
	}[] = [
		{
			name: 'unchanged object, empty patch',
			original: { spec: { replicas: 1 } },
			modified: { spec: { replicas: 1 } },
			kind: 'Deployment',
			patch: {}
		},
		{
			name: 'changed scalar',
			original: { spec: { replicas: 1 } },
			modified: { spec: { replicas: 3 } },
			kind: 'Deployment',
			patch: { spec: { replicas: 3 } }
		},
		{
			name: 'removed field is null',
			original: { metadata: { labels: { a: '1', b: '2' } } },
			modified: { metadata: { labels: { a: '1' } } },
			kind: 'Deployment',
			patch: { metadata: { labels: { b: null } } }
		},
		{
			name: 'container changed by merge key, with $setElementOrder',
			original: pod([{ name: 'app', image: 'a:1' }]),
			modified: pod([{ name: 'app', image: 'a:2' }]),
			kind: 'Deployment',
			patch: {
				spec: {
					template: {
						spec: {
							'$setElementOrder/containers': [{ name: 'app' }],
							containers: [{ name: 'app', image: 'a:2' }]
						}
					}
				}
			}
		},
		{
			name: 'container removed is $patch: delete',
			original: pod([{ name: 'app' }, { name: 'side' }]),
			modified: pod([{ name: 'app' }]),
			kind: 'Deployment',
			patch: {
				spec: {
					template: {
						spec: {
							'$setElementOrder/containers': [{ name: 'app' }],
							containers: [{ $patch: 'delete', name: 'side' }]
						}
					}
				}
			}
		},
		{
			name: 'custom resource: a changed list is replaced whole',
			original: { spec: { hosts: ['a', 'b'], http: [{ name: 'x', timeout: '1s' }] } },
			modified: { spec: { hosts: ['a', 'b'], http: [{ name: 'x', timeout: '2s' }] } },
			kind: undefined,
			patch: { spec: { http: [{ name: 'x', timeout: '2s' }] } }
		}
	];
	it.each(cases)('$name', ({ original, modified, kind, patch }) => {
		expect(createTwoWayPatch(original, modified, kind)).toEqual(JSON.parse(JSON.stringify(patch)));
	});
});
