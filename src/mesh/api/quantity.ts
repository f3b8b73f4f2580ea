/**
 * Kubernetes resource quantities (`100m`, `128Mi`, `1e3`, `2`), exactly, for comparisons.
 * Mirrors apimachinery pkg/api/resource/quantity.go's grammar: a signed decimal number, then a
 * binary-SI suffix (Ki…Ei), a decimal-SI suffix (n, u, m, "", k, M, G, T, P, E) or an exponent.
 * Values are kept in nano-units as bigint, the finest scale Kubernetes itself keeps.
 */
const NANO = 10n ** 9n;

const DECIMAL: Readonly<Record<string, bigint>> = {
	n: 1n,
	u: 10n ** 3n,
	m: 10n ** 6n,
	'': NANO,
	k: NANO * 10n ** 3n,
	M: NANO * 10n ** 6n,
	G: NANO * 10n ** 9n,
	T: NANO * 10n ** 12n,
	P: NANO * 10n ** 15n,
	E: NANO * 10n ** 18n
};

const BINARY: Readonly<Record<string, bigint>> = {
	Ki: NANO * 2n ** 10n,
	Mi: NANO * 2n ** 20n,
	Gi: NANO * 2n ** 30n,
	Ti: NANO * 2n ** 40n,
	Pi: NANO * 2n ** 50n,
	Ei: NANO * 2n ** 60n
};

const GRAMMAR = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** The quantity in nano-units, or undefined when `text` is not a quantity. Rounds toward zero. */
export function parseQuantity(text: string | number): bigint | undefined {
	const m = GRAMMAR.exec(String(text).trim());
	if (!m) return undefined;
	const [, sign = '', number = '', suffix = ''] = m;
	const [whole = '', fraction = ''] = number.split('.');
	// The number as an integer `digits` over 10^scale.
	const digits = BigInt((whole || '0') + fraction);
	let scale = BigInt(fraction.length);
	let unit: bigint;
	if (/^[eE]/.test(suffix)) {
		unit = NANO;
		scale -= BigInt(suffix.slice(1));
	} else {
		unit = BINARY[suffix] ?? DECIMAL[suffix] ?? NANO;
	}
	const value = scale >= 0n ? (digits * unit) / 10n ** scale : digits * unit * 10n ** -scale;
	return sign === '-' ? -value : value;
}

/** Which suffixes a quantity prints with (apimachinery's Format): Ki… or k…/m. */
export type QuantityFormat = 'BinarySI' | 'DecimalSI';

/** The format a written quantity carries: binary for a Ki…Ei suffix, else decimal. */
export function quantityFormat(text: string | number): QuantityFormat {
	return /(Ki|Mi|Gi|Ti|Pi|Ei)$/.test(String(text).trim()) ? 'BinarySI' : 'DecimalSI';
}

const DECIMAL_STEPS: readonly [string, bigint][] = (
	['E', 'P', 'T', 'G', 'M', 'k', '', 'm', 'u', 'n'] as const
).map((s) => [s, DECIMAL[s] as bigint]);
const BINARY_STEPS: readonly [string, bigint][] = (
	['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const
).map((s) => [s, BINARY[s] as bigint]);

/**
 * Quantity.String() of a canonical quantity (`1000` → `1k`, `0.1` → `100m`, `1024Mi` → `1Gi`):
 * the largest suffix of the format that leaves a whole number. A binary quantity that is not a
 * whole number of bytes, or is under 1Ki, prints as decimal (quantity.go CanonicalizeBytes).
 */
export function formatQuantity(nano: bigint, format: QuantityFormat): string {
	if (nano === 0n) return '0';
	const sign = nano < 0n ? '-' : '';
	const v = nano < 0n ? -nano : nano;
	if (format === 'BinarySI' && v % NANO === 0n) {
		for (const [suffix, unit] of BINARY_STEPS)
			if (v >= unit && v % unit === 0n) return `${sign}${v / unit}${suffix}`;
		if (v >= NANO) return `${sign}${v / NANO}`;
	}
	for (const [suffix, unit] of DECIMAL_STEPS)
		if (v % unit === 0n) return `${sign}${v / unit}${suffix}`;
	return `${sign}${v}n`;
}
