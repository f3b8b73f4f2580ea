/**
 * The API server's three patch types, against the libraries Kubernetes uses: RFC 7386 (JSON
 * merge patch), RFC 6902 via evanphx/json-patch (its error words), apimachinery strategicpatch
 * (patchMergeKey lists, `$patch` directives, CRDs refused with 415).
 */
import { describe, expect, it } from 'vitest';
import { DEPLOYMENTS, SERVICES } from '../../../src/mesh/api/builtin-resources.ts';
import type { ResourceType } from '../../../src/mesh/api/api-server.ts';
import { applyPatch } from '../../../src/mesh/api/patch/apply-patch.ts';
import { mergePatch } from '../../../src/mesh/api/patch/merge-patch.ts';

const deployment = {
	apiVersion: 'apps/v1',
	kind: 'Deployment',
	metadata: { name: 'web', finalizers: ['a'] },
	spec: {
		replicas: 1,
		template: {
			spec: {
				containers: [
					{
						name: 'app',
						image: 'app:1',
						ports: [{ containerPort: 80 }],
						env: [{ name: 'A', value: '1' }]
					},
					{ name: 'log', image: 'log:1' }
				]
			}
		}
	}
};
const containers = (
	o: unknown
): { name: string; image?: string; env?: unknown[]; ports?: unknown[] }[] =>
	(o as typeof deployment).spec.template.spec.containers;
const object = (r: ReturnType<typeof applyPatch>): unknown => {
	if ('error' in r) throw new Error(r.error);
	return r.object;
};

describe('JSON merge patch (RFC 7386)', () => {
	it('merges maps, removes null keys and replaces lists whole', () => {
		expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({
			a: { c: 2, d: 3 },
			l: [3]
		});
	});
	it('replaces the containers list under --type merge', () => {
		const out = object(
			applyPatch(DEPLOYMENTS, deployment, 'merge', {
				spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } }
			})
		);
		expect(containers(out)).toEqual([{ name: 'app', image: 'app:2' }]);
	});
});

describe('strategic merge patch', () => {
	it('merges containers by name and their env by name, ports by containerPort', () => {
		const out = object(
			applyPatch(DEPLOYMENTS, deployment, 'strategic', {
				spec: {
					template: {
						spec: {
							containers: [
								{
									name: 'app',
									image: 'app:2',
									env: [{ name: 'B', value: '2' }],
									ports: [{ containerPort: 80, name: 'http' }]
								}
							]
						}
					}
				}
			})
		);
		expect(containers(out).map((c) => c.name)).toEqual(['app', 'log']);
		expect(containers(out)[0]).toMatchObject({
			image: 'app:2',
			env: [
				{ name: 'A', value: '1' },
				{ name: 'B', value: '2' }
			],
			ports: [{ containerPort: 80, name: 'http' }]
		});
	});
	it('deletes an element with $patch: delete and replaces a list with $patch: replace', () => {
		const deleted = object(
			applyPatch(DEPLOYMENTS, deployment, 'strategic', {
				spec: { template: { spec: { containers: [{ name: 'log', $patch: 'delete' }] } } }
			})
		);
		expect(containers(deleted).map((c) => c.name)).toEqual(['app']);
		const replaced = object(
			applyPatch(DEPLOYMENTS, deployment, 'strategic', {
				spec: {
					template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } }
				}
			})
		);
		expect(containers(replaced)).toEqual([{ name: 'only', image: 'x' }]);
	});
	it("merges finalizers as a set and a Service's ports by port", () => {
		const out = object(
			applyPatch(DEPLOYMENTS, deployment, 'strategic', { metadata: { finalizers: ['a', 'b'] } })
		);
		expect((out as typeof deployment).metadata.finalizers).toEqual(['a', 'b']);
		const svc = {
			kind: 'Service',
			spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] }
		};
		const patched = object(
			applyPatch(SERVICES, svc, 'strategic', { spec: { ports: [{ port: 80, targetPort: 9090 }] } })
		);
		expect((patched as typeof svc).spec.ports).toEqual([
			{ port: 80, targetPort: 9090 },
			{ port: 443 }
		]);
	});
	it("refuses an element without its merge key, in strategicpatch's words", () => {
		const r = applyPatch(DEPLOYMENTS, deployment, 'strategic', {
			spec: { template: { spec: { containers: [{ image: 'nginx' }] } } }
		});
		expect(r).toEqual({
			error: 'Error from server: map: map[image:nginx] does not contain declared merge key: name'
		});
	});
	it('is refused for a custom resource (415, wrapped by kubectl with the kind)', () => {
		const ap: ResourceType = {
			group: 'security.istio.io',
			version: 'v1',
			kind: 'AuthorizationPolicy',
			plural: 'authorizationpolicies',
			namespaced: true
		} as ResourceType;
		const r = applyPatch(ap, { spec: {} }, 'strategic', { spec: { action: 'DENY' } });
		expect('error' in r && r.error).toBe(
			'error: application/strategic-merge-patch+json is not supported by security.istio.io/v1, Kind=AuthorizationPolicy: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml'
		);
	});
});

describe('JSON patch (RFC 6902)', () => {
	it('adds, replaces, removes, moves and copies by pointer, and tests', () => {
		const out = object(
			applyPatch(DEPLOYMENTS, deployment, 'json', [
				{ op: 'test', path: '/spec/replicas', value: 1 },
				{ op: 'replace', path: '/spec/replicas', value: 3 },
				{ op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'c' } },
				{ op: 'remove', path: '/spec/template/spec/containers/1' },
				{ op: 'copy', from: '/metadata/name', path: '/metadata/labels' },
				{ op: 'move', from: '/metadata/labels', path: '/metadata/generateName' }
			])
		);
		expect((out as typeof deployment).spec.replicas).toBe(3);
		expect(containers(out).map((c) => c.name)).toEqual(['app', 'c']);
		expect((out as { metadata: Record<string, unknown> }).metadata).toMatchObject({
			generateName: 'web'
		});
		expect((out as { metadata: Record<string, unknown> }).metadata['labels']).toBeUndefined();
	});
	it("fails a test, a missing key and an unknown op with json-patch's words", () => {
		const err = (ops: unknown): string => {
			const r = applyPatch(DEPLOYMENTS, deployment, 'json', ops);
			return 'error' in r ? r.error : 'applied';
		};
		expect(err([{ op: 'test', path: '/spec/replicas', value: 2 }])).toBe(
			'The request is invalid: testing value /spec/replicas failed: test failed'
		);
		expect(err([{ op: 'remove', path: '/spec/nope' }])).toBe(
			'The request is invalid: Unable to remove nonexistent key: nope: missing value'
		);
		expect(err([{ op: 'replace', path: '/spec/nope', value: 1 }])).toBe(
			'The request is invalid: replace operation does not apply: doc is missing key: /spec/nope: missing value'
		);
		expect(err([{ op: 'frob', path: '/spec' }])).toBe(
			'The request is invalid: Unexpected kind: frob'
		);
		expect(err({ op: 'add' })).toBe(
			'The request is invalid: json: cannot unmarshal object into Go value of type jsonpatch.Patch'
		);
	});
	it('leaves the live object untouched', () => {
		const before = JSON.stringify(deployment);
		applyPatch(DEPLOYMENTS, deployment, 'json', [{ op: 'remove', path: '/spec/template' }]);
		applyPatch(DEPLOYMENTS, deployment, 'strategic', {
			spec: { template: { spec: { containers: [{ name: 'log', $patch: 'delete' }] } } }
		});
		expect(JSON.stringify(deployment)).toBe(before);
	});
});
