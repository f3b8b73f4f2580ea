/**
 * MetalLB's address allocation (metallb v0.14 internal/allocator: pools' `addresses` as CIDRs or
 * `start-end` ranges, `autoAssign: false` pools only by request, `avoidBuggyIPs` skipping .0 and
 * .255, the first free address of the first pool; a requested address must be in a pool), and
 * the ranges istio's kind_provisioner.sh gives each kind cluster.
 */
import { describe, expect, it } from 'vitest';
import {
	allocate,
	ipv4ToNumber,
	parseRange,
	type Pool
} from '../../../src/mesh/cluster/metallb-controller.ts';

const pool = (name: string, ranges: string[], over: Partial<Pool> = {}): Pool => ({
	name,
	ranges: ranges.map((r) => parseRange(r) ?? { first: 0, last: -1 }),
	autoAssign: true,
	avoidBuggyIPs: false,
	...over
});
const used = (...ips: string[]) => new Set(ips.map((i) => ipv4ToNumber(i) ?? -1));

describe('metallb allocation', () => {
	it.each([
		{ range: '172.18.255.200-172.18.255.250', first: '172.18.255.200', size: 51 },
		{ range: '172.18.255.0/24', first: '172.18.255.0', size: 256 },
		{ range: '172.18.255.201/30', first: '172.18.255.200', size: 4 }
	])('parses $range', ({ range, first, size }) => {
		const r = parseRange(range);
		expect(r?.first).toBe(ipv4ToNumber(first));
		expect(r ? r.last - r.first + 1 : 0).toBe(size);
	});

	it.each(['172.18.255.250-172.18.255.200', '172.18.255.300/24', 'fc00::/64', 'nonsense'])(
		'refuses %s',
		(range) => expect(parseRange(range)).toBeUndefined()
	);

	it.each([
		{
			name: 'first free address of the pool',
			pools: [pool('default-pool', ['172.18.255.200-172.18.255.219'])],
			taken: used('172.18.255.200'),
			requested: [],
			want: { ip: '172.18.255.201', pool: 'default-pool' }
		},
		{
			name: 'pools by name, autoAssign false skipped',
			pools: [
				pool('b', ['10.0.0.1-10.0.0.2']),
				pool('a', ['10.0.1.1-10.0.1.2'], { autoAssign: false })
			],
			taken: used(),
			requested: [],
			want: { ip: '10.0.0.1', pool: 'b' }
		},
		{
			name: 'avoidBuggyIPs skips .0 and .255',
			pools: [pool('p', ['10.0.0.255-10.0.1.1'], { avoidBuggyIPs: true })],
			taken: used(),
			requested: [],
			want: { ip: '10.0.1.1', pool: 'p' }
		},
		{
			name: 'a requested address in a pool, autoAssign or not',
			pools: [pool('manual', ['10.0.0.0/24'], { autoAssign: false })],
			taken: used(),
			requested: ['10.0.0.42'],
			want: { ip: '10.0.0.42', pool: 'manual' }
		},
		{
			name: 'a requested address outside every pool',
			pools: [pool('p', ['10.0.0.0/24'])],
			taken: used(),
			requested: ['192.168.1.1'],
			want: { error: '"192.168.1.1" is not allowed in config' }
		},
		{
			name: 'a full pool',
			pools: [pool('p', ['10.0.0.1-10.0.0.1'])],
			taken: used('10.0.0.1'),
			requested: [],
			want: { error: 'no available IPs' }
		},
		{
			name: 'no pool at all',
			pools: [],
			taken: used(),
			requested: [],
			want: { error: 'no available IPs' }
		}
	])('$name', ({ pools, taken, requested, want }) => {
		expect(allocate(pools, taken, requested)).toEqual(want);
	});
});
