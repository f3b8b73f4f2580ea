import { describe, expect, it } from 'vitest';
import { ConnTable } from '../../../src/mesh/net/conn-table.ts';
import { connId, ip, type ConnId, type SocketAddr } from '../../../src/mesh/types.ts';

const addr = (a: string, port: number): SocketAddr => ({ ip: ip(a), port });

/**
 * The stack's connection table against what it replaced, a Map keyed by `id|ip:port` strings:
 * the same lookups and, for `ss` and resetting every connection, the same order.
 */
describe('ConnTable', () => {
	type Op =
		| { op: 'set'; id: ConnId; local: SocketAddr; value: number }
		| { op: 'delete'; id: ConnId; local: SocketAddr };
	const key = (id: ConnId, local: SocketAddr) => `${id}|${local.ip}:${local.port}`;

	function replay(ops: readonly Op[]) {
		const table = new ConnTable<number>();
		const map = new Map<string, number>();
		const deleted: [boolean, boolean][] = [];
		for (const o of ops) {
			if (o.op === 'set') {
				table.set(o.id, o.local, o.value);
				map.set(key(o.id, o.local), o.value);
			} else {
				deleted.push([table.delete(o.id, o.local), map.delete(key(o.id, o.local))]);
			}
			expect(table.values()).toEqual([...map.values()]);
			expect(table.size).toBe(map.size);
		}
		return { table, map, deleted };
	}

	it('keeps both ends of a connection to itself apart, and the order a keyed Map gives', () => {
		const a = connId('ztunnel/1');
		const b = connId('ztunnel/2');
		const client = addr('10.244.1.5', 40000);
		const server = addr('10.244.1.9', 15008);
		const spoofedServer = addr('10.244.1.7', 15008);
		const { table, map, deleted } = replay([
			{ op: 'set', id: a, local: client, value: 1 },
			{ op: 'set', id: b, local: client, value: 2 },
			{ op: 'set', id: a, local: server, value: 3 },
			{ op: 'set', id: a, local: spoofedServer, value: 4 },
			// Replacing keeps the place; deleting and adding again moves to the end.
			{ op: 'set', id: a, local: client, value: 5 },
			{ op: 'delete', id: b, local: client },
			{ op: 'set', id: b, local: client, value: 6 },
			{ op: 'delete', id: a, local: server },
			{ op: 'delete', id: a, local: server }
		]);
		expect(deleted).toEqual([
			[true, true],
			[true, true],
			[false, false]
		]);
		expect(table.values()).toEqual([...map.values()]);
		expect(table.values()).toEqual([5, 4, 6]);
		expect(table.size).toBe(map.size);
		expect(table.get(a, spoofedServer)).toBe(4);
		expect(table.get(a, server)).toBeUndefined();
		expect(table.has(a, client)).toBe(true);
		expect(table.has(a, addr('10.244.1.5', 40001))).toBe(false);
	});

	it('agrees with the keyed Map over random operations', () => {
		let seed = 11;
		const rnd = (n: number) => {
			seed = (seed * 1103515245 + 12345) & 0x7fffffff;
			return seed % n;
		};
		const ids = [0, 1, 2, 3].map((i) => connId(`default/curl/${i}`));
		const locals = [addr('10.244.1.5', 40000), addr('10.244.1.5', 9080), addr('10.244.1.6', 9080)];
		const ops: Op[] = [];
		for (let i = 0; i < 2000; i++) {
			const id = ids[rnd(ids.length)] as ConnId;
			const local = locals[rnd(locals.length)] as SocketAddr;
			ops.push(rnd(3) === 0 ? { op: 'delete', id, local } : { op: 'set', id, local, value: i });
		}
		const { table, map, deleted } = replay(ops);
		for (const [ours, theirs] of deleted) expect(ours).toBe(theirs);
		expect(table.values()).toEqual([...map.values()]);
		for (const id of ids)
			for (const local of locals) expect(table.get(id, local)).toBe(map.get(key(id, local)));
		table.clear();
		expect(table.size).toBe(0);
		expect(table.values()).toEqual([]);
	});
});
