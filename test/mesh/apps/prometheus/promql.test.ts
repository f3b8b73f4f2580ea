/**
 * The playground's PromQL subset, written from Prometheus v3's promql/parser (error wording,
 * positions), promql/functions.go (extrapolatedRate, instantValue) and util/jsonutil (how the
 * HTTP API writes timestamps and values).
 */
import { describe, expect, it } from 'vitest';
import { formatTimestamp, formatValue } from '../../../../src/mesh/apps/prometheus/api.ts';
import { evaluate } from '../../../../src/mesh/apps/prometheus/evaluate.ts';
import { parsePromql } from '../../../../src/mesh/apps/prometheus/promql.ts';
import { Tsdb } from '../../../../src/mesh/apps/prometheus/tsdb.ts';

const error = (q: string): string => {
	try {
		parsePromql(q);
		return 'parsed';
	} catch (e) {
		return (e as Error).message;
	}
};

describe('parsePromql errors', () => {
	it.each([
		['', '1:1: parse error: no expression found in input'],
		[
			'istio_requests_total{reporter=}',
			'1:31: parse error: unexpected "}" in label matching, expected string'
		],
		['foo(bar)', '1:1: parse error: unknown function with name "foo"'],
		['{a=""}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
		[
			'rate(x)',
			'1:7: parse error: expected type range vector in call to function "rate", got instant vector'
		],
		['x{a="1"', '1:8: parse error: unexpected end of input in label matching, expected "," or "}"']
	])('%s', (q, expected) => {
		expect(error(q)).toBe(expected);
	});

	it('refuses valid PromQL beyond the subset, saying so', () => {
		expect(error('histogram_quantile(0.5, x)')).toMatch(/"histogram_quantile" is not evaluated/);
		expect(error('x + y')).toMatch(/the operator "\+" is not evaluated/);
		expect(error('x[5m]')).toMatch(/a range vector query is not evaluated/);
	});
});

function db(points: [labels: Record<string, string>, t: number, v: number | undefined][]): Tsdb {
	const d = new Tsdb();
	for (const [labels, t, v] of points) {
		if (v === undefined) d.markStale(d.append(labels, t, 0) ?? '', t);
		else d.append(labels, t, v);
	}
	return d;
}

const a = {
	__name__: 'istio_requests_total',
	reporter: 'waypoint',
	destination_service: 'productpage'
};
const b = { __name__: 'istio_requests_total', reporter: 'source', destination_service: 'reviews' };

describe('evaluate', () => {
	const store = db([
		[a, 0, 0],
		[a, 15_000, 15],
		[a, 30_000, 30],
		[a, 45_000, 45],
		[a, 60_000, 60],
		[b, 60_000, 7]
	]);

	it('an instant selector takes each matching series at its latest sample', () => {
		expect(
			evaluate(parsePromql('istio_requests_total{destination_service=~"product.*"}'), store, 60_000)
		).toEqual([{ metric: a, value: 60 }]);
	});

	it('looks back at most 5 minutes (the default lookback delta)', () => {
		expect(evaluate(parsePromql('istio_requests_total'), store, 60_000 + 300_000)).toEqual([]);
		expect(evaluate(parsePromql('istio_requests_total'), store, 60_000 + 299_999)).toHaveLength(2);
	});

	it('rate extrapolates as extrapolatedRate does and drops the metric name', () => {
		// Samples 0..60 s cover a 60 s window exactly: 60 requests over 60 s.
		const [r] = evaluate(
			parsePromql('rate(istio_requests_total{reporter="waypoint"}[1m])'),
			store,
			60_000
		);
		// The first sample sits on the window's open start, so 45 s of samples are extrapolated
		// to the window's 60 s: resultValue 45 times factor (60 / 45) / 60, in Go's float order.
		expect(r).toEqual({
			metric: { reporter: 'waypoint', destination_service: 'productpage' },
			value: 45 * (60 / 45 / 60)
		});
		const [inc] = evaluate(
			parsePromql('increase(istio_requests_total{reporter="waypoint"}[1m])'),
			store,
			60_000
		);
		expect(inc?.value).toBe(60);
	});

	it('irate takes the last two samples', () => {
		const [r] = evaluate(
			parsePromql('irate(istio_requests_total{reporter="waypoint"}[5m])'),
			store,
			60_000
		);
		expect(r?.value).toBe(1);
	});

	it('sum by keeps only the grouping labels; without drops the listed ones', () => {
		expect(evaluate(parsePromql('sum(istio_requests_total)'), store, 60_000)).toEqual([
			{ metric: {}, value: 67 }
		]);
		expect(
			evaluate(parsePromql('sum by (reporter) (istio_requests_total)'), store, 60_000)
		).toEqual([
			{ metric: { reporter: 'waypoint' }, value: 60 },
			{ metric: { reporter: 'source' }, value: 7 }
		]);
		expect(
			evaluate(
				parsePromql('count without (destination_service) (istio_requests_total)'),
				store,
				60_000
			)
		).toEqual([
			{ metric: { reporter: 'waypoint' }, value: 1 },
			{ metric: { reporter: 'source' }, value: 1 }
		]);
	});

	it('a stale series is not returned', () => {
		const stale = db([
			[a, 0, 1],
			[a, 15_000, undefined]
		]);
		expect(evaluate(parsePromql('istio_requests_total'), stale, 10_000)).toHaveLength(1);
		expect(evaluate(parsePromql('istio_requests_total'), stale, 20_000)).toEqual([]);
	});
});

describe('JSON numbers as util/jsonutil writes them', () => {
	it.each([
		[1767225600000, '1767225600'],
		[1767225600050, '1767225600.050'],
		[1767225641149, '1767225641.149']
	])('timestamp %d → %s', (ms, text) => {
		expect(formatTimestamp(ms)).toBe(text);
	});
	it.each([
		[5, '5'],
		[0.060651365276041674, '0.060651365276041674'],
		[1e21, '1000000000000000000000'],
		[Number.NaN, 'NaN'],
		[Infinity, '+Inf']
	])('value %d → %s', (v, text) => {
		expect(formatValue(v)).toBe(text);
	});
});
