import { describe, expect, it } from 'vitest';
import { isFilterError, parseFilter } from '../../../src/ui/capture/filter.ts';
import { segmentRow } from '../../../src/ui/capture/segments.ts';
import { connection, TLS_RECORD } from '../fixtures.ts';

// Five plaintext segments, five HBONE segments (redirected leg excluded), one refused SYN + RST.
const rows = [
	...connection('10.244.1.5:32768', '10.244.2.4:9080', { conn: 'plain' }),
	...connection('10.244.1.5:32769', '10.244.2.4:15008', { conn: 'hbone', request: TLS_RECORD }),
	...connection('10.244.1.5:32770', '10.96.192.20:9080', { conn: 'redir', redirected: true }),
	...connection('10.244.1.5:32771', '10.244.2.4:8080', { conn: 'refused', reset: 'refused' })
].map((e, i) => segmentRow(i + 1, e));

const matching = (filter: string): string[] => {
	const p = parseFilter(filter);
	if (isFilterError(p)) throw new Error(p.error);
	return rows.filter(p).map((r) => `${r.entry.conn}:${r.flag}`);
};

describe('capture filter', () => {
	it.each([
		{ filter: '', count: 17 },
		{ filter: 'port==15008', count: 5 },
		{ filter: 'tcp.port == 15008', count: 5 },
		{ filter: 'tcp.dstport==15008', count: 3 },
		{ filter: 'ip==10.96.192.20', count: 5 },
		{ filter: 'ip.src==10.244.2.4', count: 5 },
		{ filter: 'tcp.flags.reset', count: 1 },
		{ filter: 'tcp.flags.syn', count: 7 },
		{ filter: 'tcp.flags.fin', count: 6 },
		{ filter: 'http', count: 2 },
		{ filter: 'tls', count: 1 },
		{ filter: 'hbone', count: 5 },
		{ filter: 'redirected', count: 5 },
		{ filter: '!redirected && port==9080', count: 5 },
		{ filter: 'not redirected and tcp.len>0', count: 2 },
		{ filter: 'http or tls', count: 3 },
		{ filter: '(http or tls) and port!=15008', count: 2 },
		{ filter: 'port!=9080', count: 7 },
		{ filter: 'len>=1', count: 3 },
		{ filter: 'Host:', count: 2 },
		{ filter: '"GET /"', count: 2 },
		{ filter: '"reset: refused"', count: 1 },
		{ filter: 'conn==hbone', count: 5 },
		{ filter: 'node==ambient-worker', count: 17 },
		{ filter: 'node==ambient-worker2', count: 0 }
	])('$filter matches $count', ({ filter, count }) => {
		expect(matching(filter)).toHaveLength(count);
	});

	it('reset finds the refused connection', () => {
		expect(matching('tcp.flags.reset')).toEqual(['refused:RST']);
	});

	it.each([
		{ filter: 'ipp==1.2.3.4', error: '"ipp" is not a valid protocol or protocol field.' },
		{ filter: 'port==abc', error: '"abc" is not a valid number.' },
		{ filter: 'ip>10.0.0.1', error: '">" cannot compare "ip"; use == or !=.' },
		{ filter: 'port==', error: '"port ==" needs a value.' },
		{ filter: '(http', error: 'Unmatched "(".' },
		{ filter: 'http and', error: 'The filter expression is incomplete.' },
		{ filter: 'http )', error: '")" was unexpected in this context.' },
		{ filter: '"GET', error: '""GET" is missing its closing quote' },
		{ filter: 'a $ b', error: '"$" was unexpected in this context.' }
	])('"$filter" is an error, not an exception', ({ filter, error }) => {
		const p = parseFilter(filter);
		expect(isFilterError(p) ? p.error : 'parsed').toBe(error);
	});
});
