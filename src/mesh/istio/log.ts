/**
 * Log lines in the formats Istio's components write, so `kubectl logs` reads like the real thing.
 * Go components (istiod, istio-cni) use `pkg/log`: `<time>\t<level>\t[<scope>\t]<message>`;
 * ztunnel's `telemetry.rs` IstioFormat writes `<time>\t<level>\t<target>\t<message>[\t<fields>]`.
 * Both print times in UTC with microseconds.
 */
import type { HostContext } from '../runtime/host.ts';
import { simDate } from '../net/http/message.ts';
import { ms } from '../types.ts';

/** The last stamp each host logged, in microseconds, so stamps never go backwards. */
const lastStamp = new WeakMap<HostContext, number>();

/** The next log stamp of a host, in sim microseconds: seeded, and never going backwards. */
export function nextStamp(ctx: HostContext): number {
	// Sim time may carry fractions of a millisecond (an Envoy filter chain costs 0.5 ms).
	const now = Math.floor(ctx.clock.now() * 1000) + ctx.rng.int(1000);
	const stamp = Math.max(now, (lastStamp.get(ctx) ?? -1) + 1 + ctx.rng.int(300));
	lastStamp.set(ctx, stamp);
	return stamp;
}

/** The last millisecond `formatStamp` wrote, and its ISO text up to the `Z`. */
let lastMillis = NaN;
let lastIso = '';

/** `2025-01-06T09:00:01.123456Z` for a stamp in sim microseconds. */
export function formatStamp(stamp: number): string {
	const micros = String(stamp % 1000).padStart(3, '0');
	const millis = Math.floor(stamp / 1000);
	// Log lines come in runs within one sim millisecond: its ISO text is made once.
	if (millis !== lastMillis) {
		lastMillis = millis;
		lastIso = simDate(ms(millis)).toISOString().slice(0, -1);
	}
	return `${lastIso}${micros}Z`;
}

/** `2025-01-06T09:00:01.123456Z`: sim milliseconds plus seeded, increasing microseconds. */
export function istioTime(ctx: HostContext): string {
	return formatStamp(nextStamp(ctx));
}

/**
 * Rust's `Debug` for a `Duration` of `micros` microseconds, as ztunnel prints elapsed times
 * (`1.331208ms`, `27µs`, `2.5s`): the largest unit under the value, trailing zeros trimmed.
 */
export function rustDuration(micros: number): string {
	const whole = Math.max(0, Math.round(micros));
	const fixed = (value: number, digits: number, unit: string): string => {
		const [int, frac = ''] = value.toFixed(digits).split('.');
		const trimmed = frac.replace(/0+$/, '');
		return `${int}${trimmed === '' ? '' : `.${trimmed}`}${unit}`;
	};
	if (whole < 1000) return `${whole}µs`;
	if (whole < 1_000_000) return fixed(whole / 1000, 3, 'ms');
	return fixed(whole / 1_000_000, 6, 's');
}

export type Level = 'info' | 'warn' | 'error' | 'debug';

/** A Go `pkg/log` line; `scope` is omitted for the default scope. */
export function goLog(
	ctx: HostContext,
	container: string,
	level: Level,
	scope: string | undefined,
	message: string
): void {
	const parts = [istioTime(ctx), level, ...(scope ? [scope] : []), message];
	ctx.log(container, parts.join('\t'));
}

/** A Rust process's log filter (ztunnel's tracing `Targets`, ztunnel/log-level.ts). */
export interface RustLogFilter {
	enabled(level: Level, target: string): boolean;
}

/** Each host's filter, registered by its owner; a host without one logs everything. */
export const rustLogFilters = new WeakMap<HostContext, RustLogFilter>();

/**
 * A ztunnel line (telemetry.rs `IstioFormat`): target without its `ztunnel::` prefix, the
 * message and a tab, then the `k=v` fields (a line without fields ends in that tab). A message
 * of several lines (the config ztunnel logs at start) is several lines of the container's log.
 */
export function rustLog(
	ctx: HostContext,
	container: string,
	level: Level,
	target: string,
	message: string,
	fields = '',
	stamp = nextStamp(ctx)
): void {
	// The host's filter (RUST_LOG, changed through admin `/logging`) drops what it disables.
	if (rustLogFilters.get(ctx)?.enabled(level, target) === false) return;
	const text = `${formatStamp(stamp)}\t${level}\t${target}\t${message}\t${fields}`;
	if (!text.includes('\n')) ctx.log(container, text);
	else for (const line of text.split('\n')) ctx.log(container, line);
}
