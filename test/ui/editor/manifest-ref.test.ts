import { describe, expect, it } from 'vitest';
import { kubectlRef, manifestRef, shellWord } from '../../../src/ui/editor/manifest-ref.ts';

describe('manifestRef', () => {
	it.each([
		{
			name: 'a namespaced Deployment',
			text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n  labels:\n    name: nope\nspec:\n  replicas: 1\n',
			expected: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' },
			ref: 'deployment.apps/web'
		},
		{
			name: 'quoted values, comments, no namespace',
			text: '# a policy\napiVersion: "security.istio.io/v1"\nkind: AuthorizationPolicy # L4\nmetadata:\n  name: \'deny-all\'\nspec: {}\n',
			expected: {
				apiVersion: 'security.istio.io/v1',
				kind: 'AuthorizationPolicy',
				name: 'deny-all',
				namespace: undefined
			},
			ref: 'authorizationpolicy.security.istio.io/deny-all'
		},
		{
			name: 'only the first document',
			text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n',
			expected: { apiVersion: 'v1', kind: 'Service', name: 'a', namespace: undefined },
			ref: 'service/a'
		}
	])('$name', ({ text, expected, ref }) => {
		const found = manifestRef(text);
		expect(found).toEqual(expected);
		expect(found && kubectlRef(found)).toBe(ref);
	});

	it.each(['', 'kind: Pod\n', 'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    name: x\n'])(
		'gives nothing without apiVersion, kind and name: %j',
		(text) => {
			expect(manifestRef(text)).toBeUndefined();
		}
	);

	it.each([
		{ s: 'deploy/web', expected: 'deploy/web' },
		{ s: 'a b', expected: "'a b'" },
		{ s: "it's", expected: `'it'\\''s'` }
	])('shellWord($s)', ({ s, expected }) => {
		expect(shellWord(s)).toBe(expected);
	});
});
