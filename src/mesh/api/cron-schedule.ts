/**
 * A CronJob's schedule: robfig/cron v3's standard parser (`ParseStandard`, parser.go), which
 * kube-apiserver validates with and the CronJob controller schedules by: five fields (minute,
 * hour, day of month, month, day of week), `*`, `?`, ranges, steps, lists, month and weekday
 * names, and the `@yearly` … `@hourly` descriptors, with robfig's error messages. Times are UTC.
 */

interface Bounds {
	readonly min: number;
	readonly max: number;
	readonly names?: Readonly<Record<string, number>>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
	min: 1,
	max: 12,
	names: {
		jan: 1,
		feb: 2,
		mar: 3,
		apr: 4,
		may: 5,
		jun: 6,
		jul: 7,
		aug: 8,
		sep: 9,
		oct: 10,
		nov: 11,
		dec: 12
	}
};
const DOW: Bounds = {
	min: 0,
	max: 6,
	names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 }
};

const DESCRIPTORS: Readonly<Record<string, string>> = {
	'@yearly': '0 0 1 1 *',
	'@annually': '0 0 1 1 *',
	'@monthly': '0 0 1 * *',
	'@weekly': '0 0 * * 0',
	'@daily': '0 0 * * *',
	'@midnight': '0 0 * * *',
	'@hourly': '0 * * * *'
};

/** One field: the values it allows, and whether it was `*`/`?` (robfig's star bit). */
interface Field {
	readonly values: ReadonlySet<number>;
	readonly star: boolean;
}

export interface CronSchedule {
	readonly minute: Field;
	readonly hour: Field;
	readonly dom: Field;
	readonly month: Field;
	readonly dow: Field;
}

class CronError extends Error {}

/** Go's strconv.Atoi, with robfig's wording around it. */
function mustParseInt(expr: string): number {
	if (!/^[+-]?\d+$/.test(expr))
		throw new CronError(
			`failed to parse int from ${expr}: strconv.Atoi: parsing "${expr}": invalid syntax`
		);
	const n = Number(expr);
	if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`);
	return n;
}

function parseIntOrName(expr: string, names: Bounds['names']): number {
	const named = names?.[expr.toLowerCase()];
	return named ?? mustParseInt(expr);
}

function getRange(expr: string, r: Bounds, into: Set<number>): boolean {
	const rangeAndStep = expr.split('/');
	const lowAndHigh = (rangeAndStep[0] as string).split('-');
	const singleDigit = lowAndHigh.length === 1;
	let start: number;
	let end: number;
	let star = false;
	if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
		start = r.min;
		end = r.max;
		star = true;
	} else {
		start = parseIntOrName(lowAndHigh[0] as string, r.names);
		if (lowAndHigh.length === 1) end = start;
		else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] as string, r.names);
		else throw new CronError(`too many hyphens: ${expr}`);
	}
	let step = 1;
	if (rangeAndStep.length === 2) {
		step = mustParseInt(rangeAndStep[1] as string);
		if (singleDigit) end = r.max;
		if (step > 1) star = false;
	} else if (rangeAndStep.length > 2) throw new CronError(`too many slashes: ${expr}`);
	if (start < r.min)
		throw new CronError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
	if (end > r.max) throw new CronError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
	if (start > end)
		throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
	if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
	for (let v = start; v <= end; v += step) into.add(v);
	return star;
}

function getField(field: string, r: Bounds): Field {
	const values = new Set<number>();
	let star = false;
	for (const expr of field.split(',')) star = getRange(expr, r, values) || star;
	return { values, star };
}

/** `cron.ParseStandard`: the schedule, or robfig's error text. */
export function parseSchedule(spec: string): CronSchedule | { error: string } {
	try {
		let text = spec.trim();
		if (text === '') return { error: 'empty spec string' };
		if (text.startsWith('@')) {
			const expanded = DESCRIPTORS[text];
			if (!expanded) return { error: `unrecognized descriptor: ${text}` };
			text = expanded;
		}
		const fields = text.split(/\s+/).filter((f) => f !== '');
		if (fields.length !== 5)
			return {
				error: `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`
			};
		const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
		return {
			minute: getField(minute, MINUTES),
			hour: getField(hour, HOURS),
			dom: getField(dom, DOM),
			month: getField(month, MONTHS),
			dow: getField(dow, DOW)
		};
	} catch (e) {
		if (e instanceof CronError) return { error: e.message };
		throw e;
	}
}

/** robfig's dayMatches: with either day field `*`, both must match; else either may. */
function dayMatches(s: CronSchedule, d: Date): boolean {
	const dom = s.dom.values.has(d.getUTCDate());
	const dow = s.dow.values.has(d.getUTCDay());
	return s.dom.star || s.dow.star ? dom && dow : dom || dow;
}

/** `SpecSchedule.Next`: the first whole minute after `afterMs` (Unix ms, UTC) that matches. */
export function nextRun(s: CronSchedule, afterMs: number): number | undefined {
	const d = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
	// Five years of minutes at most, as robfig gives up after five years.
	const limit = d.getTime() + 5 * 366 * 24 * 3_600_000;
	while (d.getTime() < limit) {
		if (!s.month.values.has(d.getUTCMonth() + 1)) {
			d.setUTCMonth(d.getUTCMonth() + 1, 1);
			d.setUTCHours(0, 0, 0, 0);
			continue;
		}
		if (!dayMatches(s, d)) {
			d.setUTCDate(d.getUTCDate() + 1);
			d.setUTCHours(0, 0, 0, 0);
			continue;
		}
		if (!s.hour.values.has(d.getUTCHours())) {
			d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
			continue;
		}
		if (!s.minute.values.has(d.getUTCMinutes())) {
			d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
			continue;
		}
		return d.getTime();
	}
	return undefined;
}
