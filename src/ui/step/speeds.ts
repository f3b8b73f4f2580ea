/**
 * The animation speeds the slider offers, slowest first: a log scale, so the middle of the
 * slider is real time. Pure, for Node tests.
 */
export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
export const NORMAL_INDEX = SPEEDS.indexOf(1);

/** `0.25×`, `1×`, `4×`. */
export const speedLabel = (speed: number): string => `${speed}×`;

/** The nearest offered speed's index (a stored value from an older build may be off the scale). */
export function speedIndex(speed: number): number {
	let best = NORMAL_INDEX;
	SPEEDS.forEach((s, i) => {
		if (Math.abs(Math.log(s / speed)) < Math.abs(Math.log((SPEEDS[best] ?? 1) / speed))) best = i;
	});
	return best;
}

/** A SMIL duration (`1.2s`, `900ms`) divided by `speed`, in seconds: `0.6s`. */
export function scaledDuration(base: string, speed: number): string | undefined {
	const m = /^([\d.]+)(ms|s)$/.exec(base.trim());
	if (!m || speed <= 0) return undefined;
	const seconds = Number(m[1]) / (m[2] === 'ms' ? 1000 : 1);
	return `${Number((seconds / speed).toFixed(4))}s`;
}
