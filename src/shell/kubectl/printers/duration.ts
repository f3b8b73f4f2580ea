/**
 * Ages as kubectl prints them: k8s.io/apimachinery/pkg/util/duration.HumanDuration
 * (`42s`, `2m18s`, `10m`, `3h4m`, `24h`, `2d3h`, `45d`, `2y10d`) and describe's timestamps.
 */
import { EPOCH_MS } from '../../../mesh/api/time.ts';
import type { CommandContext } from '../../command.ts';
import { rfc1123 } from '../../../mesh/calendar.ts';

/** The cluster's current time in Unix milliseconds (the API server stamps objects the same way). */
export function clusterNowMs(ctx: Pick<CommandContext, 'cluster'>): number {
	return EPOCH_MS + ctx.cluster.now();
}

export function humanDuration(ms: number): string {
	const seconds = Math.floor(ms / 1000);
	if (seconds < -1) return '<invalid>';
	if (seconds < 0) return '0s';
	if (seconds < 60 * 2) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 10) {
		const s = seconds % 60;
		return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
	}
	if (minutes < 60 * 3) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 8) {
		const m = minutes % 60;
		return m === 0 ? `${hours}h` : `${hours}h${m}m`;
	}
	if (hours < 48) return `${hours}h`;
	if (hours < 24 * 8) {
		const h = hours % 24;
		return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
	}
	if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
	if (hours < 24 * 365 * 8) {
		const days = Math.floor(hours / 24) % 365;
		const years = Math.floor(hours / 24 / 365);
		return days === 0 ? `${years}y` : `${years}y${days}d`;
	}
	return `${Math.floor(hours / 24 / 365)}y`;
}

/** The AGE column: `<unknown>` when the timestamp is missing or unparsable. */
export function age(timestamp: unknown, nowMs: number): string {
	if (typeof timestamp !== 'string') return '<unknown>';
	const t = Date.parse(timestamp);
	return Number.isNaN(t) ? '<unknown>' : humanDuration(nowMs - t);
}

/** Go's time.RFC1123Z in UTC, as describe prints Start Time: `Mon, 01 Jan 2024 10:00:00 +0000`. */
export function rfc1123z(timestamp: unknown): string {
	if (typeof timestamp !== 'string') return '<unknown>';
	const d = new Date(timestamp);
	if (Number.isNaN(d.getTime())) return '<unknown>';
	return rfc1123(d, '+0000');
}
