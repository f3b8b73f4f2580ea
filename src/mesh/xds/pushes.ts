/**
 * The config half of the istiod client: each push of the kind this proxy subscribed to is
 * checked, stored and ACKed, or NACKed with the reason while the previous config stays in force.
 * Mirrors ztunnel's `AdsClient::handle_stream_event` (src/xds/client.rs): apply, then ACK, or
 * NACK with error_detail. A ztunnel's pushes after the first are deltas (`delta.ts`): the
 * changed resources are checked, then folded into the state it holds.
 */
import type { Clock } from '../clock.ts';
import type { TlsChannel } from '../tls/stream.ts';
import { ms } from '../types.ts';
import { applyZtunnelDelta, type WireConfig, withEndpoints, type ZtunnelDelta } from './delta.ts';
import { encodeFrame, type IstiodMessage } from './protocol.ts';
import type { WaypointConfig } from './waypoint-config.ts';
import type { ZtunnelConfig } from './workload-api.ts';

/** A push: the workload API for ztunnel and sidecars, a WaypointConfig for a Gateway's proxy. */
export type PushedConfig = ZtunnelConfig | WaypointConfig;

export type ConfigPush = Extract<IstiodMessage, { type: 'config' | 'waypoint-config' | 'delta' }>;

/** A delta's resources as a config of their own, for the proxy's checks (none reads endpoints). */
const deltaResources = (d: ZtunnelDelta): ZtunnelConfig =>
	withEndpoints({
		version: d.version,
		workloads: d.workloads.resources,
		services: d.services.resources,
		policies: d.policies.resources
	});

/**
 * What one workload-API push carried, as ztunnel's xDS client logs it per type URL
 * (`received response type_url=… size=… removes=…`, then `handling RBAC update NAME`).
 */
export interface PushSummary {
	/** A whole state (a stream's first push) rather than a delta. */
	readonly full: boolean;
	/** Workloads and services sent, and names removed (`istio.workload.Address`). */
	readonly addresses: number;
	readonly removedAddresses: number;
	/** Policies sent, by name, and removed, as `namespace/name` (`istio.security.Authorization`). */
	readonly policies: readonly string[];
	readonly removedPolicies: readonly string[];
}

function summarize(m: ConfigPush): PushSummary | undefined {
	if (m.type === 'config') {
		const c = m.config;
		return {
			full: true,
			addresses: c.workloads.length + c.services.length,
			removedAddresses: 0,
			policies: c.policies.map((p) => p.name),
			removedPolicies: []
		};
	}
	if (m.type !== 'delta') return undefined;
	const d = m.delta;
	return {
		full: false,
		addresses: d.workloads.resources.length + d.services.resources.length,
		removedAddresses: d.workloads.removed.length + d.services.removed.length,
		policies: d.policies.resources.map((p) => p.name),
		removedPolicies: d.policies.removed
	};
}

/** What the proxy does with its pushes (`IstiodClientOptions`, minus the stream). */
export interface PushHandlers<C extends PushedConfig> {
	/** The push message this subscription takes; the other kind is not for us. */
	readonly pushType: ConfigPush['type'];
	readonly onConfig?: ((config: C, push?: PushSummary) => void) | undefined;
	readonly validate?: ((config: C) => string | undefined) | undefined;
	/** A push was rejected (the client's `nack` event). */
	readonly onNack: (reason: string) => void;
}

export class ConfigPushes<C extends PushedConfig> {
	readonly #handlers: PushHandlers<C>;
	readonly #clock: Pick<Clock, 'after'>;
	readonly #waiters: ((c: C) => void)[] = [];
	#config: C | undefined;
	/** The workload API state as the stream carries it (services may lack endpoints). */
	#wire: WireConfig | undefined;

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
			const cancel = this.#clock.after(ms(timeout), () => resolve(undefined));
			this.#waiters.push((c) => {
				cancel();
				resolve(c);
			});
		});
	}

	/** The config a push leaves in force, or why it cannot be applied; undefined: not ours. */
	#resolve(m: ConfigPush): { config: C; wire?: WireConfig } | { error: string } | undefined {
		const { validate, pushType } = this.#handlers;
		if (m.type === 'waypoint-config') {
			if (m.type !== pushType) return undefined;
			// The subscription decides the kind: a `waypoint-config` only reaches a C that is one.
			const config = m.config as unknown as C;
			const error = validate?.(config);
			return error === undefined ? { config } : { error };
		}
		if (pushType !== 'config') return undefined;
		if (m.type === 'config') {
			// A whole state: services sent without endpoints get them from the workloads.
			const wire: WireConfig = m.config;
			const config = withEndpoints(wire) as C;
			const error = validate?.(config);
			return error === undefined ? { config, wire } : { error };
		}
		const held = this.#config as ZtunnelConfig | undefined;
		if (held === undefined || this.#wire === undefined) {
			return { error: 'delta response before any state' };
		}
		const error = validate?.(deltaResources(m.delta) as C);
		if (error !== undefined) return { error };
		const wire = applyZtunnelDelta(this.#wire, m.delta);
		const config = withEndpoints(wire, { wire: this.#wire, config: held, delta: m.delta });
		return { config: config as C, wire };
	}

	/** One push read from `stream`; the ACK or NACK goes back on it. */
	handle(m: ConfigPush, stream: TlsChannel): void {
		const { onConfig, onNack } = this.#handlers;
		if (!onConfig) return;
		const resolved = this.#resolve(m);
		if (!resolved) return;
		if ('error' in resolved) {
			onNack(resolved.error);
			if (m.nonce !== undefined) {
				stream.write(encodeFrame({ type: 'ack', nonce: m.nonce, error: resolved.error }));
			}
			return;
		}
		const pushed = resolved.config;
		this.#config = pushed;
		this.#wire = resolved.wire;
		onConfig(pushed, summarize(m));
		// Delta xDS ACK: istiod marks the push as synced (`istioctl proxy-status`).
		if (m.nonce !== undefined) stream.write(encodeFrame({ type: 'ack', nonce: m.nonce }));
		for (const w of this.#waiters.splice(0)) w(pushed);
	}
}
