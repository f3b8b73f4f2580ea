import { describe, expect, it } from 'vitest';
import { clustersFromSearch } from '../../../src/ui/cluster/clusters-param.ts';

const notice = (raw: string): string =>
	`?clusters=: invalid cluster count "${raw}": must be 1 or 2; starting with 1 cluster.`;

describe('?clusters= parameter', () => {
	it.each([
		{ search: '', expected: {} },
		{ search: '?workers=3', expected: {} },
		{ search: '?clusters=2', expected: { clusters: 2 } },
		{ search: '?runtime=inprocess&clusters=2', expected: { clusters: 2 } },
		{ search: '?clusters=1', expected: {} },
		{ search: '?clusters=3', expected: { notice: notice('3') } },
		{ search: '?clusters=0', expected: { notice: notice('0') } },
		{ search: '?clusters=two', expected: { notice: notice('two') } },
		{ search: '?clusters=', expected: { notice: notice('') } }
	])('$search gives $expected', ({ search, expected }) => {
		expect(clustersFromSearch(search)).toEqual(expected);
	});
});
