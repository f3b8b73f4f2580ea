/**
 * The number formats and statistics of fortio's report, against fortio's own expectations:
 * stats/stats_test.go (TestHistogramLastBucket, TestHistogramNegativeNumbers, TestCounter's
 * Counter.Print lines) for the histogram's buckets, percentiles and `%g` figures, and Go's fmt
 * and time.Duration.String for the other verbs (strconv/ftoa.go `%g`: shortest digits, `%e`
 * below 1e-4 or from 1e21 — from the precision when one is given).
 */
import { describe, expect, it } from 'vitest';
import { goDuration, goG } from '../../../src/mesh/apps/fortio/go-format.ts';
import { Counter, Histogram } from '../../../src/mesh/apps/fortio/histogram.ts';
import { parseFortioUrl } from '../../../src/mesh/apps/fortio/client.ts';

describe("Go's %g", () => {
	it.each([
		[0.000499, undefined, '0.000499'],
		[4e-5, undefined, '4e-05'],
		[23.1, undefined, '23.1'],
		[200000, undefined, '200000'],
		[1234567, undefined, '1.234567e+06'],
		[0.0056869, 8, '0.0056869'],
		[0.003869, 4, '0.003869'],
		[70710.678, 4, '7.071e+04'],
		[334.158, 5, '334.16'],
		[0.113738, 9, '0.113738'],
		[0.0007495, 6, '0.0007495'],
		[100, 6, '100']
	])('%s with precision %s → %s', (v, prec, want) => {
		expect(goG(v, prec)).toBe(want);
	});
});

describe('time.Duration.String', () => {
	it.each([
		[59_852_400, '59.8524ms'],
		[1_500_000_000, '1.5s'],
		[90_000_000_000, '1m30s'],
		[999, '999ns'],
		[1_500, '1.5µs'],
		[0, '0s']
	])('%d ns → %s', (ns, want) => {
		expect(goDuration(ns)).toBe(want);
	});
});

describe("fortio's histogram (stats/stats_test.go)", () => {
	it('TestHistogramLastBucket: offset -1, the last bucket up to max', () => {
		const h = new Histogram(-1, 1);
		for (const v of [-1, 0, 1, 3, 10, 99999, 100000, 200000]) h.record(v);
		const lines = h.print('testLastBucket', [90]).split('\n');
		// "stdev part is not verified/could be brittle" (the test's own comment): the rest is.
		expect(lines[0]).toMatch(
			/^testLastBucket : count 8 avg 50001\.5 \+\/- \S+ min -1 max 200000 sum 400012$/
		);
		expect(lines.slice(1).join('\n')).toBe(`# range, mid point, percentile, count
>= -1 <= -1 , -1 , 12.50, 1
> -1 <= 0 , -0.5 , 25.00, 1
> 0 <= 1 , 0.5 , 37.50, 1
> 2 <= 3 , 2.5 , 50.00, 1
> 9 <= 10 , 9.5 , 62.50, 1
> 74999 <= 99999 , 87499 , 75.00, 1
> 99999 <= 200000 , 150000 , 100.00, 2
# target 90% 160000
`);
	});

	it('TestHistogramNegativeNumbers: percentiles interpolated inside the bucket', () => {
		const h = new Histogram(-10, 1);
		h.record(-10);
		h.record(10);
		expect(h.print('testHistogramWithNegativeNumbers', [1, 50, 75]))
			.toBe(`testHistogramWithNegativeNumbers : count 2 avg 0 +/- 10 min -10 max 10 sum 0
# range, mid point, percentile, count
>= -10 <= -10 , -10 , 50.00, 1
> 8 <= 10 , 9 , 100.00, 1
# target 1% -10
# target 50% -10
# target 75% 9
`);
	});

	it("TestCounter: Counter.Print's figures", () => {
		const c = new Counter();
		for (const v of [23.1, 22.9, 23.1, 22.9]) c.record(v);
		expect(c.line('test4')).toBe('test4 : count 4 avg 23 +/- 0.1 min 22.9 max 23.1 sum 92\n');
		c.record(1023);
		c.record(-977);
		expect(c.line('test5')).toBe('test5 : count 6 avg 23 +/- 577.4 min -977 max 1023 sum 138\n');
	});

	it('Counter.Transfer merges two threads', () => {
		const a = new Counter();
		const b = new Counter();
		a.record(1);
		b.record(3);
		a.transfer(b);
		expect(a.line('x')).toBe('x : count 2 avg 2 +/- 1 min 1 max 3 sum 4\n');
	});
});

describe('fortio URLs', () => {
	it.each([
		['http://httpbin:8000/get', { host: 'httpbin', port: 8000, uri: '/get' }],
		['httpbin:8000', { host: 'httpbin', port: 8000, uri: '/' }],
		['http://10.96.0.1/a?b=c', { host: '10.96.0.1', port: 80, uri: '/a?b=c' }]
	])('%s', (raw, want) => {
		expect(parseFortioUrl(raw)).toEqual(want);
	});
});
