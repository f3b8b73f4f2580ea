/**
 * CronJob schedules (src/mesh/api/cron-schedule.ts), table-driven from robfig/cron v3
 * parser.go (`ParseStandard`, `getRange` and their errors) and spec.go (`Next`, `dayMatches`).
 */
import { describe, expect, it } from 'vitest';
import { nextRun, parseSchedule } from '../../../src/mesh/api/cron-schedule.ts';

const at = (iso: string): number => Date.parse(iso);
const next = (spec: string, after: string): string => {
	const s = parseSchedule(spec);
	if ('error' in s) throw new Error(s.error);
	const t = nextRun(s, at(after));
	return t === undefined ? 'none' : new Date(t).toISOString();
};

describe('parseSchedule errors (parser.go)', () => {
	const cases: [string, string][] = [
		['', 'empty spec string'],
		['hello', 'expected exactly 5 fields, found 1: [hello]'],
		['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
		['61 * * * *', 'end of range (61) above maximum (59): 61'],
		['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
		['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
		['*/0 * * * *', 'step of range should be a positive number: */0'],
		['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
		['*/1/2 * * * *', 'too many slashes: */1/2'],
		['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
		['@every5m', 'unrecognized descriptor: @every5m']
	];
	it.each(cases)('%j', (spec, error) => {
		expect(parseSchedule(spec)).toEqual({ error });
	});
});

describe('nextRun (spec.go)', () => {
	const cases: [string, string, string][] = [
		['*/1 * * * *', '2026-01-01T00:00:03Z', '2026-01-01T00:01:00.000Z'],
		['*/15 * * * *', '2026-01-01T00:16:00Z', '2026-01-01T00:30:00.000Z'],
		['0 3 * * *', '2026-01-01T04:00:00Z', '2026-01-02T03:00:00.000Z'],
		['@hourly', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00.000Z'],
		['0 0 1 jan *', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00.000Z'],
		// Day of month and day of week both restricted: either matches (1 Jan 2026 is a Thursday).
		['0 0 15 * mon', '2026-01-01T00:00:00Z', '2026-01-05T00:00:00.000Z'],
		// Day of week restricted, day of month `*`: both must match.
		['0 0 * * sun', '2026-01-01T00:00:00Z', '2026-01-04T00:00:00.000Z'],
		['0 0 30 2 *', '2026-01-01T00:00:00Z', 'none']
	];
	it.each(cases)('%s after %s', (spec, after, expected) => {
		expect(next(spec, after)).toBe(expected);
	});
});
