/**
 * Durations as route APIs write them: Gateway API `10s`, `1m30s`, `500ms` (GEP-2257) and the
 * protobuf Duration strings of VirtualService (`0.5s`). Returns milliseconds, or undefined when
 * the value is absent or not a duration.
 */
const UNITS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

export function parseDuration(x: unknown): number | undefined {
	if (typeof x !== 'string' || x === '') return undefined;
	const parts = [...x.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
	if (parts.length === 0 || parts.map((p) => p[0]).join('') !== x) return undefined;
	return parts.reduce((sum, p) => sum + Number(p[1]) * (UNITS[p[2] ?? 's'] ?? 0), 0);
}
