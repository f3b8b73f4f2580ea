/**
 * Envoy's admin `/logging`: the level of each logger, listed by GET and changed by POST
 * `?level=<level>` (every logger) or `?<logger>=<level>` (one). Mirrors Envoy's
 * source/server/admin/logs_handler.cc; istioctl's `proxy-config log` drives it. Istio starts
 * every Envoy logger at `warning` (`--log_level warning`, global.proxy.logLevel).
 */
import { makeResponse, type HttpResponse } from '../../net/http/message.ts';

/** Envoy's level names, lowest first (spdlog). */
export const ENVOY_LEVELS = [
	'trace',
	'debug',
	'info',
	'warning',
	'error',
	'critical',
	'off'
] as const;
export type EnvoyLevel = (typeof ENVOY_LEVELS)[number];

/** A subset of Envoy's logger ids, in its registry's order (source/common/common/logger.h). */
const LOGGERS = [
	'admin',
	'aws',
	'assert',
	'backtrace',
	'client',
	'config',
	'connection',
	'dubbo',
	'file',
	'filter',
	'forward_proxy',
	'grpc',
	'hc',
	'health_checker',
	'http',
	'http2',
	'hystrix',
	'init',
	'io',
	'jwt',
	'kafka',
	'lua',
	'main',
	'misc',
	'mongo',
	'quic',
	'pool',
	'rbac',
	'redis',
	'router',
	'runtime',
	'stats',
	'secret',
	'tap',
	'testing',
	'thrift',
	'tracing',
	'upstream',
	'udp',
	'wasm'
];

const isLevel = (s: string): s is EnvoyLevel => (ENVOY_LEVELS as readonly string[]).includes(s);

export class EnvoyLogging {
	readonly #levels = new Map<string, EnvoyLevel>(LOGGERS.map((l) => [l, 'warning']));

	level(logger: string): EnvoyLevel {
		return this.#levels.get(logger) ?? 'warning';
	}

	/** Whether a line of `level` from `logger` would be written. */
	enabled(logger: string, level: EnvoyLevel): boolean {
		return ENVOY_LEVELS.indexOf(level) >= ENVOY_LEVELS.indexOf(this.level(logger));
	}

	#listing(): string {
		return `active loggers:\n${[...this.#levels].map(([l, v]) => `  ${l}: ${v}\n`).join('')}`;
	}

	/** The `/logging` endpoint: `query` without its `?`. */
	handle(method: string, query: string): HttpResponse {
		const text = (status: number, body: string) =>
			makeResponse(status, body, [['Content-Type', 'text/plain; charset=UTF-8']]);
		if (query === '') return text(200, this.#listing());
		if (method !== 'POST') return text(405, 'This endpoint requires POST\n');
		const params = new URLSearchParams(query);
		for (const [key, value] of params) {
			if (!isLevel(value)) return text(404, `error: unknown logger level\n${this.#usage()}`);
			if (key === 'level') for (const l of this.#levels.keys()) this.#levels.set(l, value);
			else if (this.#levels.has(key)) this.#levels.set(key, value);
			else return text(404, `error: unknown logger name\n${this.#usage()}`);
		}
		return text(200, this.#listing());
	}

	#usage(): string {
		return 'usage: /logging?<name>=<level> (change single level)\n';
	}
}
