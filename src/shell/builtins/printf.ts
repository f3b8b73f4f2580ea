/** bash's `printf FORMAT [ARG]...`: `%s %d %i %f %x %o %c %b %q? %%`, widths, reused format. */
import { interpretEscapes } from './echo.ts';
import type { Builtin } from './types.ts';

/** Field widths and precisions above this are refused rather than padded. */
const MAX_WIDTH = 1_000_000;

function formatOne(
	spec: string,
	conv: string,
	arg: string | undefined
): string | { error: string } {
	const m = /^([-+ 0#]*)(\d*)(?:\.(\d+))?$/.exec(spec) as RegExpExecArray;
	const flags = m[1] as string;
	const width = Number(m[2] || 0);
	const precision = m[3] === undefined ? undefined : Number(m[3]);
	// bash would try to allocate the padding and fail; a tab must not.
	if (width > MAX_WIDTH || (precision ?? 0) > MAX_WIDTH)
		return { error: `${Math.max(width, precision ?? 0)}: field width too large` };
	let s: string;
	switch (conv) {
		case 's':
			s = arg ?? '';
			if (precision !== undefined) s = s.slice(0, precision);
			break;
		case 'b':
			s = interpretEscapes(arg ?? '').text;
			break;
		case 'c':
			s = (arg ?? '').slice(0, 1);
			break;
		default: {
			const raw = arg ?? '0';
			const n = Number(raw);
			if (raw !== '' && Number.isNaN(n)) return { error: `${raw}: invalid number` };
			if (conv === 'f') {
				// toFixed stops at 100 digits; the digits beyond are zeros for a double anyway.
				const digits = precision ?? 6;
				s = n.toFixed(Math.min(digits, 100)) + '0'.repeat(Math.max(0, digits - 100));
			} else if (conv === 'x' || conv === 'X') s = Math.trunc(n).toString(16);
			else if (conv === 'o') s = Math.trunc(n).toString(8);
			else s = String(Math.trunc(n));
			if (conv === 'X') s = s.toUpperCase();
			if (flags.includes('+') && n >= 0) s = '+' + s;
		}
	}
	if (s.length >= width) return s;
	if (flags.includes('-')) return s.padEnd(width);
	return flags.includes('0') && conv !== 's' ? s.padStart(width, '0') : s.padStart(width);
}

export const printf: Builtin = {
	name: 'printf',
	summary: 'Format and print data',
	kind: 'shell',
	async run(argv, io) {
		const [format, ...args] = argv;
		if (format === undefined) {
			io.stderr('printf: usage: printf [-v var] format [arguments]\n');
			return 2;
		}
		let out = '';
		let status = 0;
		let i = 0;
		do {
			let used = 0;
			const text = format.replace(
				/%([-+ 0#]*\d*(?:\.\d+)?)([sdifxXocb%])/g,
				(_, spec: string, conv: string) => {
					if (conv === '%') return '%';
					used++;
					const r = formatOne(spec, conv, args[i++]);
					if (typeof r === 'string') return r;
					io.stderr(`bash: printf: ${r.error}\n`);
					status = 1;
					return '0';
				}
			);
			const r = interpretEscapes(text);
			out += r.text;
			if (r.stop || used === 0) break;
		} while (i < args.length);
		io.stdout(out);
		return status;
	}
};
