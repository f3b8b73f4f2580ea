import { describe, expect, it } from 'vitest';
import { workersFromSearch } from '../../../src/ui/cluster/workers-param.ts';

const notice = (raw: string): string =>
	`?workers=: invalid worker count "${raw}": must be a whole number from 1 to 10; starting with 2 workers.`;

describe('?workers= parameter', () => {
	it.each([
		{ search: '', expected: {} },
		{ search: '?lesson=01', expected: {} },
		{ search: '?workers=6', expected: { workers: 6 } },
		{ search: '?runtime=inprocess&workers=1', expected: { workers: 1 } },
		{ search: '?workers=10', expected: { workers: 10 } },
		{ search: '?workers=%206%20', expected: { workers: 6 } },
		{ search: '?workers=0', expected: { notice: notice('0') } },
		{ search: '?workers=11', expected: { notice: notice('11') } },
		{ search: '?workers=2.5', expected: { notice: notice('2.5') } },
		{ search: '?workers=-3', expected: { notice: notice('-3') } },
		{ search: '?workers=six', expected: { notice: notice('six') } },
		{ search: '?workers=', expected: { notice: notice('') } },
		{ search: '?workers=1e1', expected: { notice: notice('1e1') } }
	])('$search gives $expected', ({ search, expected }) => {
		expect(workersFromSearch(search)).toEqual(expected);
	});
});
