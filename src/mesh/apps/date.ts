/**
 * `date` as GNU coreutils 9 prints it (src/date.c, gnulib nstrftime), for the docker host's shell
 * and the pods' images: the time is the simulation's, the zone always UTC (kind's nodes and the
 * images run in UTC). Prints the time in the default format, `+FORMAT`, `-I[TIMESPEC]`, `-R` or
 * `--rfc-3339=TIMESPEC`, of now or of `-d STRING` (`@SECONDS`, an ISO date and time, `now`,
 * `yesterday`/`tomorrow`, `N unit ago`, `+N unit`). Setting the clock is refused: the simulation's
 * clock is not the program's to move.
 */
/** Where `date` writes: a pod's exec streams or the shell's. */
interface DateIO {
	stdout(text: string): void;
	stderr(text: string): void;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];

const pad = (n: number, width: number, fill: string): string => String(n).padStart(width, fill);

/** ISO 8601 week-based year and week (%G, %V). */
function isoWeek(d: Date): { year: number; week: number } {
	const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
	const day = t.getUTCDay() || 7;
	t.setUTCDate(t.getUTCDate() + 4 - day);
	const start = Date.UTC(t.getUTCFullYear(), 0, 1);
	return {
		year: t.getUTCFullYear(),
		week: Math.ceil(((t.getTime() - start) / 86_400_000 + 1) / 7)
	};
}

function dayOfYear(d: Date): number {
	return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

/** Week of the year with weeks starting on `first` (0 Sunday: %U, 1 Monday: %W). */
function weekOfYear(d: Date, first: number): number {
	const yday = dayOfYear(d) - 1;
	const wday = (d.getUTCDay() - first + 7) % 7;
	return Math.floor((yday + 7 - wday) / 7);
}

/**
 * One conversion: [text, numeric default fill (`0` or ` `), width] so the `-`, `_` and `0` flags
 * can re-pad numbers as nstrftime does; undefined for an unknown conversion.
 */
function convert(c: string, d: Date, nanos: number): [string, boolean] | undefined {
	const h = d.getUTCHours();
	const num = (n: number, w: number, fill = '0'): [string, boolean] => [pad(n, w, fill), true];
	switch (c) {
		case 'a':
			return [(DAYS[d.getUTCDay()] as string).slice(0, 3), false];
		case 'A':
			return [DAYS[d.getUTCDay()] as string, false];
		case 'b':
		case 'h':
			return [(MONTHS[d.getUTCMonth()] as string).slice(0, 3), false];
		case 'B':
			return [MONTHS[d.getUTCMonth()] as string, false];
		case 'c':
			return [format('%a %b %e %H:%M:%S %Y', d, nanos), false];
		case 'C':
			return num(Math.floor(d.getUTCFullYear() / 100), 2);
		case 'd':
			return num(d.getUTCDate(), 2);
		case 'D':
		case 'x':
			return [format('%m/%d/%y', d, nanos), false];
		case 'e':
			return num(d.getUTCDate(), 2, ' ');
		case 'F':
			return [format('%Y-%m-%d', d, nanos), false];
		case 'g':
			return num(isoWeek(d).year % 100, 2);
		case 'G':
			return num(isoWeek(d).year, 4);
		case 'H':
			return num(h, 2);
		case 'I':
			return num(h % 12 || 12, 2);
		case 'j':
			return num(dayOfYear(d), 3);
		case 'k':
			return num(h, 2, ' ');
		case 'l':
			return num(h % 12 || 12, 2, ' ');
		case 'm':
			return num(d.getUTCMonth() + 1, 2);
		case 'M':
			return num(d.getUTCMinutes(), 2);
		case 'n':
			return ['\n', false];
		case 'N':
			return num(nanos, 9);
		case 'p':
			return [h < 12 ? 'AM' : 'PM', false];
		case 'P':
			return [h < 12 ? 'am' : 'pm', false];
		case 'q':
			return num(Math.floor(d.getUTCMonth() / 3) + 1, 1);
		case 'r':
			return [format('%I:%M:%S %p', d, nanos), false];
		case 'R':
			return [format('%H:%M', d, nanos), false];
		case 's':
			return num(Math.floor(d.getTime() / 1000), 1);
		case 'S':
			return num(d.getUTCSeconds(), 2);
		case 't':
			return ['\t', false];
		case 'T':
		case 'X':
			return [format('%H:%M:%S', d, nanos), false];
		case 'u':
			return num(d.getUTCDay() || 7, 1);
		case 'U':
			return num(weekOfYear(d, 0), 2);
		case 'V':
			return num(isoWeek(d).week, 2);
		case 'w':
			return num(d.getUTCDay(), 1);
		case 'W':
			return num(weekOfYear(d, 1), 2);
		case 'y':
			return num(d.getUTCFullYear() % 100, 2);
		case 'Y':
			return num(d.getUTCFullYear(), 1);
		case 'z':
			return ['+0000', false];
		case 'Z':
			return ['UTC', false];
		case '%':
			return ['%', false];
	}
	return undefined;
}

/** nstrftime over a UTC time: flags `-` (no padding), `_` (spaces), `0` (zeros), `^` (upper case). */
export function format(spec: string, d: Date, nanos = 0): string {
	let out = '';
	for (let i = 0; i < spec.length; i++) {
		const ch = spec[i] as string;
		if (ch !== '%' || i === spec.length - 1) {
			out += ch;
			continue;
		}
		const start = i;
		let flag = '';
		while ('-_0^#'.includes(spec[i + 1] ?? 'x')) flag = spec[++i] as string;
		let colons = 0;
		while (spec[i + 1] === ':') {
			colons++;
			i++;
		}
		const c = spec[++i] ?? '';
		if (c === 'z' && colons > 0) {
			out += ['+00:00', '+00:00:00', '+00'][colons - 1] ?? spec.slice(start, i + 1);
			continue;
		}
		const r = colons === 0 ? convert(c, d, nanos) : undefined;
		// An unknown conversion is printed as written, as nstrftime does.
		if (r === undefined) {
			out += spec.slice(start, i + 1);
			continue;
		}
		const numeric = r[1];
		let text = r[0];
		if (numeric && flag === '-') text = text.replace(/^[0 ]+(?=\d)/, '');
		else if (numeric && flag === '_') text = text.replace(/^0+(?=\d)/, (z) => ' '.repeat(z.length));
		else if (numeric && flag === '0') text = text.replace(/^ +/, (s) => '0'.repeat(s.length));
		if (flag === '^') text = text.toUpperCase();
		out += text;
	}
	return out;
}

const UNITS: Readonly<Record<string, number>> = {
	sec: 1_000,
	second: 1_000,
	min: 60_000,
	minute: 60_000,
	hour: 3_600_000,
	day: 86_400_000,
	week: 604_800_000,
	fortnight: 1_209_600_000
};

/** parse_datetime, for the forms docs and scripts use; undefined when it cannot read it. */
export function parseDate(text: string, now: Date): Date | undefined {
	const s = text.trim().toLowerCase();
	if (s === '' || s === 'now' || s === 'today') return now;
	if (s === 'yesterday') return new Date(now.getTime() - 86_400_000);
	if (s === 'tomorrow') return new Date(now.getTime() + 86_400_000);
	const epoch = /^@(-?\d+(?:\.\d+)?)$/.exec(s);
	if (epoch) return new Date(Number(epoch[1]) * 1000);
	const rel =
		/^([+-]?\d+)\s*(sec|second|min|minute|hour|day|week|fortnight|month|year)s?(\s+ago)?$/.exec(s);
	if (rel) {
		const n = Number(rel[1]) * (rel[3] ? -1 : 1);
		const unit = rel[2] as string;
		if (unit === 'month' || unit === 'year') {
			const d = new Date(now);
			if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + n);
			else d.setUTCFullYear(d.getUTCFullYear() + n);
			return d;
		}
		return new Date(now.getTime() + n * (UNITS[unit] as number));
	}
	const iso =
		/^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(z|utc|[+-]\d{2}:?\d{2})?$/.exec(
			s
		);
	if (iso) {
		const [, y, mo, da, hh = '0', mi = '0', ss = '0', frac = '', zone] = iso;
		let t = Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(hh), Number(mi), Number(ss));
		t += Math.floor(Number(`0.${frac || '0'}`) * 1000);
		if (zone && zone !== 'z' && zone !== 'utc') {
			const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone) as RegExpExecArray;
			t -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
		}
		const d = new Date(t);
		// Reject 2026-02-31 rather than roll it into March.
		if (d.getUTCMonth() !== Number(mo) - 1 && !zone) return undefined;
		return d;
	}
	return undefined;
}

const ISO: Readonly<Record<string, string>> = {
	date: '%Y-%m-%d',
	hours: '%Y-%m-%dT%H%:z',
	minutes: '%Y-%m-%dT%H:%M%:z',
	seconds: '%Y-%m-%dT%H:%M:%S%:z',
	ns: '%Y-%m-%dT%H:%M:%S,%N%:z'
};
const RFC3339: Readonly<Record<string, string>> = {
	date: '%Y-%m-%d',
	seconds: '%Y-%m-%d %H:%M:%S%:z',
	ns: '%Y-%m-%d %H:%M:%S.%N%:z'
};

/** argmatch's abbreviations: `sec` for `seconds`, unless ambiguous. */
function argmatch(value: string, table: Readonly<Record<string, string>>): string | undefined {
	if (value in table) return table[value];
	const hits = Object.keys(table).filter((k) => k.startsWith(value));
	return hits.length === 1 ? table[hits[0] as string] : undefined;
}

function usage(io: DateIO, message: string): number {
	io.stderr(`date: ${message}\nTry 'date --help' for more information.\n`);
	return 1;
}

const RFC_EMAIL = '%a, %d %b %Y %H:%M:%S %z';

/** What the options asked for; a number is the exit status of an error already printed. */
interface DateArgs {
	/** Output formats given by options (`-I`, `-R`, `--rfc-3339`): more than one is an error. */
	readonly formats: string[];
	when: string | undefined;
	readonly operands: string[];
}

/** A long option (`--name[=value]`), taking its value from `next()` when it needs one. */
function longOption(
	name: string,
	value: string | undefined,
	next: () => string | undefined,
	out: DateArgs,
	io: DateIO
): number | undefined {
	if (name === 'utc' || name === 'universal') return undefined;
	if (name === 'date') {
		out.when = value ?? next();
		return out.when === undefined ? usage(io, "option '--date' requires an argument") : undefined;
	}
	if (name === 'iso-8601' || name === 'rfc-3339') {
		if (value === undefined && name === 'rfc-3339')
			return usage(io, "option '--rfc-3339' requires an argument");
		const f = argmatch(value ?? 'date', name === 'iso-8601' ? ISO : RFC3339);
		if (f === undefined) return usage(io, `invalid argument '${value}' for '--${name}'`);
		out.formats.push(f);
		return undefined;
	}
	if (name === 'rfc-email' || name === 'rfc-2822' || name === 'rfc-822') {
		out.formats.push(RFC_EMAIL);
		return undefined;
	}
	if (name === 'set') return denied(io);
	return usage(io, `unrecognized option '--${name}'`);
}

/** A cluster of short options (`-uR`, `-Iseconds`, `-d STRING`). */
function shortOptions(
	a: string,
	next: () => string | undefined,
	out: DateArgs,
	io: DateIO
): number | undefined {
	for (let j = 1; j < a.length; j++) {
		const c = a[j] as string;
		if (c === 'u') continue;
		if (c === 'R') out.formats.push(RFC_EMAIL);
		else if (c === 'I') {
			const value = a.slice(j + 1);
			const f = argmatch(value || 'date', ISO);
			if (f === undefined) return usage(io, `invalid argument '${value}' for '--iso-8601'`);
			out.formats.push(f);
			return undefined;
		} else if (c === 'd' || c === 's') {
			const value = j + 1 < a.length ? a.slice(j + 1) : next();
			if (value === undefined) return usage(io, `option requires an argument -- '${c}'`);
			if (c === 's') return denied(io);
			out.when = value;
			return undefined;
		} else return usage(io, `invalid option -- '${c}'`);
	}
	return undefined;
}

/** Setting the clock: a container has no CAP_SYS_TIME, and sim time is not the program's. */
function denied(io: DateIO): number {
	io.stderr('date: cannot set date: Operation not permitted\n');
	return 1;
}

/** die(): the message alone, no `Try` line. */
function die(io: DateIO, message: string): number {
	io.stderr(`date: ${message}\n`);
	return 1;
}

function parseArgs(args: readonly string[], io: DateIO): DateArgs | number {
	const out: DateArgs = { formats: [], when: undefined, operands: [] };
	for (let i = 0; i < args.length; i++) {
		const a = args[i] as string;
		const next = (): string | undefined => args[++i];
		if (a === '--') {
			out.operands.push(...args.slice(i + 1));
			break;
		}
		const long = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(a);
		const failed = long
			? longOption(long[1] as string, long[2], next, out, io)
			: /^-[^-]/.test(a)
				? shortOptions(a, next, out, io)
				: void out.operands.push(a);
		if (failed !== undefined) return failed;
	}
	return out;
}

/** Runs `date ARGS` at `now` (sim time as a date, UTC); the exit status. */
export function runDate(args: readonly string[], now: Date, io: DateIO): number {
	const parsed = parseArgs(args, io);
	if (typeof parsed === 'number') return parsed;
	const { formats, when, operands } = parsed;
	if (formats.length > 1) return die(io, 'multiple output formats specified');
	let spec = formats[0];
	for (const o of operands) {
		if (o.startsWith('+')) {
			if (formats.length > 0) return die(io, 'multiple output formats specified');
			if (spec !== undefined) return usage(io, `extra operand '${o}'`);
			spec = o.slice(1);
		} else if (operands.length > 1 || spec !== undefined) return usage(io, `extra operand '${o}'`);
		// `date MMDDhhmm[[CC]YY][.ss]` sets the clock.
		else if (/^\d{8}(\d{2}(\d{2})?)?(\.\d{2})?$/.test(o)) return denied(io);
		else return die(io, `invalid date '${o}'`);
	}
	const at = when === undefined ? now : parseDate(when, now);
	if (at === undefined) return die(io, `invalid date '${when}'`);
	const nanos = (((at.getTime() % 1000) + 1000) % 1000) * 1_000_000;
	io.stdout(`${format(spec ?? '%a %b %e %H:%M:%S %Z %Y', at, nanos)}\n`);
	return 0;
}
