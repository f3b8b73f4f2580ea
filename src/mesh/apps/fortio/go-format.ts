/**
 * Go's fmt verbs fortio's report uses: `%g` / `%.Ng` (strconv ftoa.go: shortest or N significant
 * digits, trailing zeros dropped, `%e` form when the exponent is below -4 or at least the
 * precision — 6 for the shortest form), and time.Duration's String (`59.8524ms`, `1.5s`).
 */

function expForm(neg: boolean, digits: string, p: number, exp: number): string {
	const mant = p > 1 ? `${digits[0] ?? '0'}.${digits.slice(1, p).padEnd(p - 1, '0')}` : digits[0];
	const e = Math.abs(exp);
	return `${neg ? '-' : ''}${mant ?? '0'}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
}

function fixedForm(neg: boolean, digits: string, dp: number, decimals: number): string {
	const at = (i: number): string => (i >= 0 && i < digits.length ? (digits[i] ?? '0') : '0');
	let int = '';
	if (dp > 0) for (let i = 0; i < dp; i++) int += at(i);
	else int = '0';
	let frac = '';
	for (let i = 0; i < decimals; i++) frac += at(dp + i);
	return `${neg ? '-' : ''}${int}${frac === '' ? '' : `.${frac}`}`;
}

/** Go's `%g` (prec undefined) or `%.<prec>g`. */
export function goG(v: number, prec?: number): string {
	if (Number.isNaN(v)) return 'NaN';
	if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
	if (v === 0) return '0';
	const neg = v < 0;
	const a = Math.abs(v);
	const want = prec === undefined ? undefined : Math.max(prec, 1);
	const [mant = '0', expText = '0'] = (
		want === undefined ? a.toExponential() : a.toExponential(want - 1)
	).split('e');
	const digits = mant.replace('.', '').replace(/0+$/, '') || '0';
	const dp = Number(expText) + 1;
	const nd = digits.length;
	let p = want ?? nd;
	let eprec = p;
	if (eprec > nd && nd >= dp) eprec = nd;
	if (want === undefined) eprec = 6;
	const exp = dp - 1;
	if (exp < -4 || exp >= eprec) {
		if (p > nd) p = nd;
		return expForm(neg, digits, p, exp);
	}
	if (p > dp) p = nd;
	return fixedForm(neg, digits, dp, Math.max(p - dp, 0));
}

/** Go's `%.<decimals>f`. */
export function goF(v: number, decimals: number): string {
	return v.toFixed(decimals);
}

/** `v` with up to `prec` fraction digits, trailing zeros (and a bare point) dropped. */
function frac(v: bigint, prec: number): string {
	const unit = 10n ** BigInt(prec);
	const whole = v / unit;
	const rest = (v % unit).toString().padStart(prec, '0').replace(/0+$/, '');
	return rest === '' ? `${whole}` : `${whole}.${rest}`;
}

/** time.Duration's String for `ns` nanoseconds. */
export function goDuration(ns: number): string {
	const n = BigInt(Math.round(ns));
	const neg = n < 0n;
	const u = neg ? -n : n;
	const sign = neg ? '-' : '';
	if (u === 0n) return '0s';
	if (u < 1000n) return `${sign}${u}ns`;
	if (u < 1_000_000n) return `${sign}${frac(u, 3)}µs`;
	if (u < 1_000_000_000n) return `${sign}${frac(u, 6)}ms`;
	const h = u / 3_600_000_000_000n;
	const m = (u / 60_000_000_000n) % 60n;
	const s = frac(u % 60_000_000_000n, 9);
	if (h > 0n) return `${sign}${h}h${m}m${s}s`;
	if (m > 0n) return `${sign}${m}m${s}s`;
	return `${sign}${s}s`;
}
