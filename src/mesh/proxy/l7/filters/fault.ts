/**
 * VirtualService fault injection (Envoy's `envoy.filters.http.fault`): a fixed delay and/or an
 * abort, each applied to a percentage of requests. The delay comes first, then the abort, as in
 * Envoy's filter. Aborted requests get Envoy's local reply `fault filter abort` with flag `FI`;
 * delayed ones carry `DI`.
 */
import type { Rng } from '../../../random.ts';
import type { FaultInjection } from '../../../xds/waypoint-config.ts';

export interface FaultPlan {
	/** Sim milliseconds to hold the request before going on. */
	readonly delayMs?: number;
	/** The HTTP status to answer with instead of forwarding. */
	readonly abortStatus?: number;
}

export const FAULT_ABORT_BODY = 'fault filter abort';
export const FAULT_ABORT_DETAILS = 'fault_filter_abort';

/** `percentage` is 0–100; each fault draws on its own. */
const hit = (percentage: number, rng: Rng): boolean =>
	percentage >= 100 || (percentage > 0 && rng.next() * 100 < percentage);

export function planFault(fault: FaultInjection | undefined, rng: Rng): FaultPlan {
	if (!fault) return {};
	const delay =
		fault.delay && hit(fault.delay.percentage, rng) ? fault.delay.fixedDelayMs : undefined;
	const abort =
		fault.abort && hit(fault.abort.percentage, rng) ? fault.abort.httpStatus : undefined;
	return {
		...(delay !== undefined ? { delayMs: delay } : {}),
		...(abort !== undefined ? { abortStatus: abort } : {})
	};
}
