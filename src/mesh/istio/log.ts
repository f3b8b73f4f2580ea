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

/** `2025-01-06T09:00:01.123456Z`: sim milliseconds plus seeded, increasing microseconds. */
export function istioTime(ctx: HostContext): string {
	// Sim time may carry fractions of a millisecond (an Envoy filter chain costs 0.5 ms).
	const now = Math.floor(ctx.clock.now() * 1000) + ctx.rng.int(1000);
	const stamp = Math.max(now, (lastStamp.get(ctx) ?? -1) + 1 + ctx.rng.int(300));
	lastStamp.set(ctx, stamp);
	const micros = String(stamp % 1000).padStart(3, '0');
	return simDate(ms(Math.floor(stamp / 1000)))
		.toISOString()
		.replace(/Z$/, `${micros}Z`);
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

/** A ztunnel line: target without its `ztunnel::` prefix, then the message, then `k=v` fields. */
export function rustLog(
	ctx: HostContext,
	container: string,
	level: Level,
	target: string,
	message: string,
	fields = ''
): void {
	const tail = fields === '' ? '' : `\t${fields}`;
	ctx.log(container, `${istioTime(ctx)}\t${level}\t${target}\t${message}${tail}`);
}
