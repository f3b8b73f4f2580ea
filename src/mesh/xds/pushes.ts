/**
 * The config half of the istiod client: each push of the kind this proxy subscribed to is
 * checked, stored and ACKed, or NACKed with the reason while the previous config stays in force.
 * Mirrors ztunnel's `AdsClient::handle_stream_event` (src/xds/client.rs): apply, then ACK, or
 * NACK with error_detail.
 */
import type { Clock } from '../clock.ts';
import type { TlsChannel } from '../tls/stream.ts';
import { ms } from '../types.ts';
import { encodeFrame, type IstiodMessage } from './protocol.ts';
import type { WaypointConfig } from './waypoint-config.ts';
import type { ZtunnelConfig } from './workload-api.ts';

/** A push: the workload API for ztunnel and sidecars, a WaypointConfig for a Gateway's proxy. */
export type PushedConfig = ZtunnelConfig | WaypointConfig;

export type ConfigPush = Extract<IstiodMessage, { type: 'config' | 'waypoint-config' }>;

/** What the proxy does with its pushes (`IstiodClientOptions`, minus the stream). */
export interface PushHandlers<C extends PushedConfig> {
	/** The push message this subscription takes; the other kind is not for us. */
	readonly pushType: ConfigPush['type'];
	readonly onConfig?: ((config: C) => void) | undefined;
	readonly validate?: ((config: C) => string | undefined) | undefined;
	/** A push was rejected (the client's `nack` event). */
	readonly onNack: (reason: string) => void;
}

export class ConfigPushes<C extends PushedConfig> {
	readonly #handlers: PushHandlers<C>;
	readonly #clock: Pick<Clock, 'after'>;
	readonly #waiters: ((c: C) => void)[] = [];
	#config: C | undefined;

	constructor(handlers: PushHandlers<C>, clock: Pick<Clock, 'after'>) {
		this.#handlers = handlers;
		this.#clock = clock;
	}

	/** The last config applied. */
	get config(): C | undefined {
		return this.#config;
	}

	/** Resolves with the first config, or undefined after `timeout` without one. */
	first(timeout: number): Promise<C | undefined> {
		if (this.#config) return Promise.resolve(this.#config);
		return new Promise((resolve) => {
			this.#waiters.push(resolve);
			this.#clock.after(ms(timeout), () => resolve(undefined));
		});
	}

	/** One push read from `stream`; the ACK or NACK goes back on it. */
	handle(m: ConfigPush, stream: TlsChannel): void {
		const { onConfig, validate, onNack, pushType } = this.#handlers;
		if (!onConfig || m.type !== pushType) return;
		// The subscription decides the kind: a `waypoint-config` only reaches a C that is one.
		const pushed = m.config as C;
		const rejected = validate?.(pushed);
		if (rejected !== undefined) {
			onNack(rejected);
			if (m.nonce !== undefined) {
				stream.write(encodeFrame({ type: 'ack', nonce: m.nonce, error: rejected }));
			}
			return;
		}
		this.#config = pushed;
		onConfig(pushed);
		// Delta xDS ACK: istiod marks the push as synced (`istioctl proxy-status`).
		if (m.nonce !== undefined) stream.write(encodeFrame({ type: 'ack', nonce: m.nonce }));
		for (const w of this.#waiters.splice(0)) w(pushed);
	}
}
