/**
 * Client-side apply's three-way merge (`mergeApplied`), case by case as apimachinery
 * strategicpatch CreateThreeWayMergePatch (built-in kinds) and CreateThreeWayJSONMergePatch
 * (custom resources) produce it, then the server applies the patch: kubectl
 * pkg/cmd/apply/patcher.go `buildMergePatch`.
 */
import { describe, expect, it } from 'vitest';
import { LAST_APPLIED, lastAppliedText, mergeApplied } from '../../../src/mesh/api/apply.ts';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';

type Spec = Record<string, unknown>;

const deployment = (spec: Spec, last?: Spec): KubeObject => {
	const o = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec };
	if (!last) return o as unknown as KubeObject;
	const applied = { ...o, spec: last } as unknown as KubeObject;
	return {
		...o,
		metadata: { name: 'web', annotations: { [LAST_APPLIED]: lastAppliedText(applied) } }
	} as unknown as KubeObject;
};

const containers = (...cs: Spec[]): Spec => ({ template: { spec: { containers: cs } } });

interface Case {
	readonly name: string;
	readonly live: Spec;
	readonly last: Spec | undefined;
	readonly file: Spec;
	readonly want: Spec;
	readonly kind?: 'Deployment' | 'Widget';
}

const cases: Case[] = [
	{
		name: 'a field another client set and the file omits survives (kubectl scale)',
		live: { replicas: 3, paused: false },
		last: { paused: false },
		file: { paused: true },
		want: { replicas: 3, paused: true }
	},
	{
		name: 'a field the file sets wins over another client (kubectl scale, then replicas in the file)',
		live: { replicas: 3 },
		last: { replicas: 1 },
		file: { replicas: 1 },
		want: { replicas: 1 }
	},
	{
		name: 'a field the file dropped is deleted only if the last apply set it',
		live: { replicas: 2, minReadySeconds: 5, paused: true },
		last: { replicas: 2, minReadySeconds: 5 },
		file: { replicas: 2 },
		want: { replicas: 2, paused: true }
	},
	{
		name: 'env merges by name: a var another client added stays, one the file added is added',
		live: containers({
			name: 'web',
			env: [
				{ name: 'A', value: '1' },
				{ name: 'DEBUG', value: '1' }
			]
		}),
		last: containers({ name: 'web', env: [{ name: 'A', value: '1' }] }),
		file: containers({
			name: 'web',
			env: [
				{ name: 'A', value: '2' },
				{ name: 'B', value: '3' }
			]
		}),
		want: containers({
			name: 'web',
			env: [
				{ name: 'A', value: '2' },
				{ name: 'B', value: '3' },
				{ name: 'DEBUG', value: '1' }
			]
		})
	},
	{
		name: 'a container port removed from the file is removed ($patch: delete by containerPort)',
		live: containers({
			name: 'web',
			ports: [
				{ containerPort: 80, protocol: 'TCP' },
				{ containerPort: 443, protocol: 'TCP' }
			]
		}),
		last: containers({ name: 'web', ports: [{ containerPort: 80 }, { containerPort: 443 }] }),
		file: containers({ name: 'web', ports: [{ containerPort: 80 }] }),
		want: containers({ name: 'web', ports: [{ containerPort: 80, protocol: 'TCP' }] })
	},
	{
		name: 'a container another client added (a sidecar) survives; server defaults inside a kept one stay',
		live: containers(
			{ name: 'web', image: 'nginx:1', imagePullPolicy: 'IfNotPresent' },
			{ name: 'proxy', image: 'envoy' }
		),
		last: containers({ name: 'web', image: 'nginx:1' }),
		file: containers({ name: 'web', image: 'nginx:2' }),
		want: containers(
			{ name: 'web', image: 'nginx:2', imagePullPolicy: 'IfNotPresent' },
			{ name: 'proxy', image: 'envoy' }
		)
	},
	{
		name: 'a list without a merge key (args) is replaced whole',
		live: containers({ name: 'web', args: ['a', 'b'] }),
		last: containers({ name: 'web', args: ['a'] }),
		file: containers({ name: 'web', args: ['c'] }),
		want: containers({ name: 'web', args: ['c'] })
	},
	{
		name: 'no last-applied (created by kubectl create): nothing is deleted',
		live: { replicas: 2, paused: true },
		last: undefined,
		file: { replicas: 4 },
		want: { replicas: 4, paused: true }
	},
	{
		name: 'a custom resource takes a JSON merge patch: its lists are replaced whole',
		kind: 'Widget',
		live: { containers: [{ name: 'a' }, { name: 'b' }] },
		last: { containers: [{ name: 'a' }] },
		file: { containers: [{ name: 'c' }] },
		want: { containers: [{ name: 'c' }] }
	}
];

describe('client-side apply three-way merge', () => {
	it.each(cases)('$name', (c) => {
		const live = deployment(c.live, c.last);
		const file = deployment(c.file);
		if (c.kind) {
			live.kind = c.kind;
			file.kind = c.kind;
		}
		const merged = mergeApplied(live, file, c.kind === undefined);
		expect(merged['spec']).toEqual(c.want);
		expect(JSON.parse(merged.metadata.annotations?.[LAST_APPLIED] ?? '{}').spec).toEqual(c.file);
	});
});
