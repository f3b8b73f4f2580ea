import { describe, expect, it } from 'vitest';
import { bootstrapApi } from '../../../src/mesh/api/bootstrap.ts';
import { CONFIG_MAPS, NAMESPACES, PODS } from '../../../src/mesh/api/builtin-resources.ts';
import { isApiError } from '../../../src/mesh/api/errors.ts';
import {
	CONTROLLER_UID_INDEX,
	Indexer,
	LABEL_INDEX,
	NAMESPACE_INDEX
} from '../../../src/mesh/api/indexer.ts';
import type { KubeObject, OwnerReference } from '../../../src/mesh/api/objects.ts';
import { createApiServer } from '../../../src/mesh/api/store.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { ms } from '../../../src/mesh/types.ts';

const owner = (uid: string): OwnerReference =>
	({
		apiVersion: 'apps/v1',
		kind: 'ReplicaSet',
		name: uid,
		uid,
		controller: true
	}) as OwnerReference;

function object(
	namespace: string,
	name: string,
	labels: Record<string, string> = {},
	ownerUid?: string
): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'ConfigMap',
		metadata: {
			namespace,
			name,
			labels,
			...(ownerUid ? { ownerReferences: [owner(ownerUid)] } : {})
		} as KubeObject['metadata']
	};
}

const names = (objs: readonly KubeObject[]): string[] =>
	objs.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

describe('Indexer', () => {
	it('lists in key order whatever the order of writes', () => {
		const idx = new Indexer();
		for (const n of ['c', 'a', 'b']) idx.set(`default/${n}`, object('default', n));
		idx.set('apps/z', object('apps', 'z'));
		expect(names(idx.list())).toEqual(['apps/z', 'default/a', 'default/b', 'default/c']);
		expect(names(idx.byIndex(NAMESPACE_INDEX, 'default'))).toEqual([
			'default/a',
			'default/b',
			'default/c'
		]);
	});

	it('moves an object between label values when its labels change, and drops it on delete', () => {
		const idx = new Indexer();
		idx.set('default/a', object('default', 'a', { app: 'web', tier: 'front' }));
		idx.set('default/b', object('default', 'b', { app: 'web' }));
		expect(names(idx.byIndex(LABEL_INDEX, 'app=web'))).toEqual(['default/a', 'default/b']);

		idx.set('default/a', object('default', 'a', { app: 'api' }));
		expect(names(idx.byIndex(LABEL_INDEX, 'app=web'))).toEqual(['default/b']);
		expect(names(idx.byIndex(LABEL_INDEX, 'app=api'))).toEqual(['default/a']);
		expect(idx.byIndex(LABEL_INDEX, 'tier=front')).toEqual([]);

		idx.delete('default/b');
		expect(idx.byIndex(LABEL_INDEX, 'app=web')).toEqual([]);
		expect(names(idx.list())).toEqual(['default/a']);
	});

	it('follows a change of controller owner, and an object that loses its owner', () => {
		const idx = new Indexer();
		idx.set('default/p', object('default', 'p', {}, 'rs-1'));
		expect(names(idx.byIndex(CONTROLLER_UID_INDEX, 'rs-1'))).toEqual(['default/p']);
		idx.set('default/p', object('default', 'p', {}, 'rs-2'));
		expect(idx.byIndex(CONTROLLER_UID_INDEX, 'rs-1')).toEqual([]);
		expect(names(idx.byIndex(CONTROLLER_UID_INDEX, 'rs-2'))).toEqual(['default/p']);
		idx.set('default/p', object('default', 'p'));
		expect(idx.byIndex(CONTROLLER_UID_INDEX, 'rs-2')).toEqual([]);
	});

	it('hands out the stored object itself, replaced on update', () => {
		const idx = new Indexer();
		const first = object('default', 'a', { v: '1' });
		idx.set('default/a', first);
		expect(idx.byIndex(LABEL_INDEX, 'v=1')[0]).toBe(first);
		const second = object('default', 'a', { v: '1' });
		idx.set('default/a', second);
		expect(idx.byIndex(LABEL_INDEX, 'v=1')[0]).toBe(second);
		expect(idx.get('default/a')).toBe(second);
	});
});

function server() {
	const api = createApiServer({ rng: createRng(1), now: () => ms(0) });
	bootstrapApi(api);
	for (const ns of ['apps', 'web'])
		api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } as KubeObject);
	return api;
}

describe("the API server's indexes", () => {
	it('agree with a full scan after 600 random creates, relabels, re-owners and deletes', () => {
		const api = server();
		const rng = createRng(7);
		const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)] as T;
		const namespaces = ['default', 'apps', 'web'];
		const apps = ['a', 'b', 'c'];
		const owners = ['rs-1', 'rs-2', undefined];
		for (let i = 0; i < 600; i++) {
			const ns = pick(namespaces);
			const name = `cm-${rng.int(40)}`;
			const op = rng.int(3);
			if (op === 0) api.delete(CONFIG_MAPS, ns, name);
			else {
				const labels = { app: pick(apps), ...(rng.int(2) ? { tier: pick(['x', 'y']) } : {}) };
				const ownerUid = pick(owners);
				const existing = api.get(CONFIG_MAPS, ns, name);
				if (isApiError(existing)) api.create(object(ns, name, labels, ownerUid));
				else
					api.patch(CONFIG_MAPS, ns, name, (d) => {
						d.metadata.labels = labels;
						if (ownerUid) d.metadata.ownerReferences = [owner(ownerUid)];
						else delete d.metadata.ownerReferences;
					});
			}
		}
		const all = api.peek(CONFIG_MAPS) as readonly KubeObject[];
		const scan = (keep: (o: KubeObject) => boolean): string[] => names(all.filter(keep));
		expect(all.length).toBeGreaterThan(20);
		for (const ns of namespaces)
			expect(names(api.byIndex(CONFIG_MAPS, NAMESPACE_INDEX, ns))).toEqual(
				scan((o) => o.metadata.namespace === ns)
			);
		for (const app of apps)
			expect(names(api.byIndex(CONFIG_MAPS, LABEL_INDEX, `app=${app}`))).toEqual(
				scan((o) => o.metadata.labels?.app === app)
			);
		for (const uid of ['rs-1', 'rs-2'])
			expect(names(api.byIndex(CONFIG_MAPS, CONTROLLER_UID_INDEX, uid))).toEqual(
				scan((o) => o.metadata.ownerReferences?.[0]?.uid === uid)
			);
		// `-l` uses the label index; the answer is the scan's.
		expect(names(api.peek(CONFIG_MAPS, { labelSelector: 'app=b,tier=x' }) as KubeObject[])).toEqual(
			scan((o) => o.metadata.labels?.app === 'b' && o.metadata.labels?.tier === 'x')
		);
	});

	it('empties a namespace from every index when the namespace is deleted', () => {
		const api = server();
		api.create(object('web', 'one', { app: 'a' }, 'rs-1'));
		api.create(object('apps', 'two', { app: 'a' }, 'rs-1'));
		api.delete(NAMESPACES, undefined, 'web');
		expect(names(api.byIndex(CONFIG_MAPS, LABEL_INDEX, 'app=a'))).toEqual(['apps/two']);
		expect(names(api.byIndex(CONFIG_MAPS, CONTROLLER_UID_INDEX, 'rs-1'))).toEqual(['apps/two']);
		expect(api.byIndex(CONFIG_MAPS, NAMESPACE_INDEX, 'web')).toEqual([]);
	});

	it('tells event handlers of each write as it is stored, with the object it replaced', () => {
		const api = server();
		const seen: string[] = [];
		api.addEventHandler(PODS, {
			onAdd: (p) => seen.push(`add ${p.metadata.name}`),
			onUpdate: (old, p) =>
				seen.push(`update ${old.metadata.labels?.v ?? '-'}→${p.metadata.labels?.v ?? '-'}`),
			onDelete: (p) => seen.push(`delete ${p.metadata.name}`)
		});
		// A watch listener that writes: the handler sees that write before the patch returns,
		// while the watch event of the patch is still queued.
		let during: string[] = [];
		api.watch((e) => {
			if (e.type !== 'ADDED' || e.object.kind !== 'Pod') return;
			api.patch(PODS, 'default', e.object.metadata.name, (d) => {
				d.metadata.labels = { v: '2' };
			});
			during = [...seen];
		});
		api.create({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: { name: 'p', labels: { v: '1' } } as unknown as KubeObject['metadata'],
			spec: { containers: [{ name: 'c', image: 'nginx' }] }
		} as KubeObject);
		expect(during).toEqual(['add p', 'update 1→2']);
		api.delete(PODS, 'default', 'p');
		expect(seen).toEqual(['add p', 'update 1→2', 'delete p']);
	});
});
