/**
 * The wire protocol between a proxy and istiod on port 15012: what the real ones do with
 * delta xDS (WDS/WADS subscriptions) and the CA's CreateCertificate gRPC, reduced to
 * length-prefixed JSON frames. A frame is a 4-byte big-endian length, then UTF-8 JSON of one
 * message. Messages are discriminated unions checked at the edge: malformed input becomes an
 * `XdsProtocolError` value, never an exception. On the wire the frames travel inside TLS that
 * authenticates istiod (client.ts dials, istiod/istiod.ts accepts): a capture shows records.
 */
import type { ReadResult, Socket } from '../net/socket.ts';
import type { WaypointConfig } from './waypoint-config.ts';
import type { WireConfig, ZtunnelDelta } from './delta.ts';
import type { ZtunnelConfig } from './workload-api.ts';

export const XDS_PORT = 15012;
/** discoveryAddress / CA_ADDR / XDS_ADDRESS, as Istio's charts and templates set them. */
export const ISTIOD_ADDRESS = 'istiod.istio-system.svc:15012';
/** Larger frames are refused: a runaway length would otherwise buffer forever. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

/** xDS node metadata: CLUSTER_ID, ISTIO_VERSION, NAMESPACE … (the `ISTIO_META_*` env). */
export type NodeMetadata = Readonly<Record<string, string>>;

/** proxy (ztunnel, pilot-agent) → istiod. */
export type ProxyMessage =
	/**
	 * Opens the stream for the ztunnel pod `ztunnel` on `node`; istiod answers with a config.
	 * `metadata` is the xDS node metadata (CLUSTER_ID, ISTIO_VERSION, NAMESPACE …).
	 */
	| {
			readonly type: 'subscribe';
			readonly node: string;
			readonly ztunnel: string;
			readonly metadata?: Readonly<Record<string, string>>;
	  }
	/** Delta xDS ACK: the config with this nonce was applied (`error` set: a NACK). */
	| { readonly type: 'ack'; readonly nonce: string; readonly error?: string }
	/** A sidecar's pilot-agent, for its own pod (proxy id `<pod>.<namespace>`). */
	| {
			readonly type: 'subscribe-sidecar';
			readonly node: string;
			readonly pod: string;
			readonly namespace: string;
			readonly metadata?: NodeMetadata;
	  }
	/**
	 * The pilot-agent of a Gateway's proxy, for its own pod: a waypoint (`proxy waypoint`, node
	 * type `waypoint`) or an ingress gateway (`proxy router`, node type `router`). istiod pushes it
	 * the WaypointConfig of its Gateway.
	 */
	| {
			readonly type: 'subscribe-gateway';
			readonly proxyType: 'waypoint' | 'router';
			readonly node: string;
			readonly pod: string;
			readonly namespace: string;
			readonly metadata?: NodeMetadata;
	  }
	/** A workload CSR (PEM); `ttl` is a requested lifetime in sim milliseconds. */
	| { readonly type: 'csr'; readonly id: string; readonly csrPem: string; readonly ttl?: number };

/** istiod → proxy. */
export type IstiodMessage =
	/**
	 * The whole state (a stream's first response, or after a NACK). `nonce` identifies this
	 * response for the ztunnel's ACK (istiod's NonceSent).
	 */
	| { readonly type: 'config'; readonly config: WireConfig; readonly nonce?: string }
	/** What changed since the last response on this stream (delta xDS, `delta.ts`). */
	| { readonly type: 'delta'; readonly delta: ZtunnelDelta; readonly nonce?: string }
	/** What a Gateway's proxy is pushed (Envoy's CDS/LDS/EDS/RDS in one plain shape). */
	| { readonly type: 'waypoint-config'; readonly config: WaypointConfig; readonly nonce?: string }
	| { readonly type: 'certificate'; readonly id: string; readonly certChainPem: readonly string[] }
	/** A failed request (`id` of the CSR), or a stream-level error (`id` empty). */
	| { readonly type: 'error'; readonly id: string; readonly message: string };

export interface XdsProtocolError {
	readonly type: 'xds-protocol-error';
	readonly message: string;
}

export function isXdsProtocolError(x: unknown): x is XdsProtocolError {
	return (
		typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'xds-protocol-error'
	);
}

const protocolError = (message: string): XdsProtocolError => ({
	type: 'xds-protocol-error',
	message
});

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown): x is string => typeof x === 'string';

/** `{ metadata }` when present and well-formed, `{}` when absent, an error otherwise. */
function metadataOf(x: Obj, type: string): { metadata?: NodeMetadata } | XdsProtocolError {
	const metadata = x['metadata'];
	if (metadata === undefined) return {};
	if (!isObj(metadata) || !Object.values(metadata).every(isStr)) {
		return protocolError(`${type}: metadata must map strings to strings`);
	}
	return { metadata: metadata as Record<string, string> };
}

export function parseProxyMessage(x: unknown): ProxyMessage | XdsProtocolError {
	if (!isObj(x)) return protocolError('message is not an object');
	switch (x['type']) {
		case 'subscribe': {
			if (!isStr(x['node']) || x['node'] === '') return protocolError('subscribe: missing node');
			if (!isStr(x['ztunnel']) || x['ztunnel'] === '') {
				return protocolError('subscribe: missing ztunnel');
			}
			const metadata = metadataOf(x, 'subscribe');
			if (isXdsProtocolError(metadata)) return metadata;
			return { type: 'subscribe', node: x['node'], ztunnel: x['ztunnel'], ...metadata };
		}
		case 'ack':
			if (!isStr(x['nonce'])) return protocolError('ack: missing nonce');
			if (x['error'] !== undefined && !isStr(x['error'])) return protocolError('ack: bad error');
			return {
				type: 'ack',
				nonce: x['nonce'],
				...(isStr(x['error']) ? { error: x['error'] } : {})
			};
		case 'subscribe-sidecar':
		case 'subscribe-gateway': {
			const type = x['type'];
			const [node, pod, namespace] = [x['node'], x['pod'], x['namespace']];
			if (!isStr(node) || !isStr(pod) || !isStr(namespace) || !node || !pod || !namespace) {
				return protocolError(`${type}: missing node, pod or namespace`);
			}
			const metadata = metadataOf(x, type);
			if (isXdsProtocolError(metadata)) return metadata;
			if (type === 'subscribe-sidecar') return { type, node, pod, namespace, ...metadata };
			const proxyType = x['proxyType'];
			if (proxyType !== 'waypoint' && proxyType !== 'router') {
				return protocolError('subscribe-gateway: proxyType must be waypoint or router');
			}
			return { type, proxyType, node, pod, namespace, ...metadata };
		}
		case 'csr': {
			if (!isStr(x['id'])) return protocolError('csr: missing id');
			if (!isStr(x['csrPem'])) return protocolError('csr: missing csrPem');
			const ttl = x['ttl'];
			if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isFinite(ttl))) {
				return protocolError('csr: ttl must be a number');
			}
			return {
				type: 'csr',
				id: x['id'],
				csrPem: x['csrPem'],
				...(ttl !== undefined ? { ttl } : {})
			};
		}
		default:
			return protocolError(`unknown message type ${JSON.stringify(x['type'])}`);
	}
}

function isConfig(x: unknown): x is ZtunnelConfig {
	return (
		isObj(x) &&
		typeof x['version'] === 'number' &&
		Array.isArray(x['workloads']) &&
		Array.isArray(x['services']) &&
		Array.isArray(x['policies']) &&
		[...x['workloads'], ...x['services'], ...x['policies']].every(isObj)
	);
}

function isResourceDelta(x: unknown): boolean {
	return (
		isObj(x) &&
		Array.isArray(x['resources']) &&
		x['resources'].every(isObj) &&
		Array.isArray(x['removed']) &&
		x['removed'].every(isStr)
	);
}

function isDelta(x: unknown): x is ZtunnelDelta {
	return (
		isObj(x) &&
		typeof x['version'] === 'number' &&
		isResourceDelta(x['workloads']) &&
		isResourceDelta(x['services']) &&
		isResourceDelta(x['policies'])
	);
}

export function parseIstiodMessage(x: unknown): IstiodMessage | XdsProtocolError {
	if (!isObj(x)) return protocolError('message is not an object');
	switch (x['type']) {
		case 'config':
			if (!isConfig(x['config'])) return protocolError('config: malformed ZtunnelConfig');
			if (x['nonce'] !== undefined && !isStr(x['nonce'])) return protocolError('config: bad nonce');
			return {
				type: 'config',
				config: x['config'],
				...(isStr(x['nonce']) ? { nonce: x['nonce'] } : {})
			};
		case 'delta':
			if (!isDelta(x['delta'])) return protocolError('delta: malformed ZtunnelDelta');
			if (x['nonce'] !== undefined && !isStr(x['nonce'])) return protocolError('delta: bad nonce');
			return {
				type: 'delta',
				delta: x['delta'],
				...(isStr(x['nonce']) ? { nonce: x['nonce'] } : {})
			};
		case 'waypoint-config':
			// Only the frame's shape: the proxy validates the config itself and NACKs a bad one.
			if (!isObj(x['config'])) return protocolError('waypoint-config: missing config');
			if (x['nonce'] !== undefined && !isStr(x['nonce'])) {
				return protocolError('waypoint-config: bad nonce');
			}
			return {
				type: 'waypoint-config',
				config: x['config'] as unknown as WaypointConfig,
				...(isStr(x['nonce']) ? { nonce: x['nonce'] } : {})
			};
		case 'certificate': {
			const chain = x['certChainPem'];
			if (!isStr(x['id'])) return protocolError('certificate: missing id');
			if (!Array.isArray(chain) || chain.length === 0 || !chain.every(isStr)) {
				return protocolError('certificate: certChainPem must be a non-empty list of PEM');
			}
			return { type: 'certificate', id: x['id'], certChainPem: chain };
		}
		case 'error':
			if (!isStr(x['id']) || !isStr(x['message'])) return protocolError('error: malformed');
			return { type: 'error', id: x['id'], message: x['message'] };
		default:
			return protocolError(`unknown message type ${JSON.stringify(x['type'])}`);
	}
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One frame: 4-byte big-endian length, then the JSON. */
export function encodeFrame(message: ProxyMessage | IstiodMessage): Uint8Array {
	const body = encoder.encode(JSON.stringify(message));
	const out = new Uint8Array(4 + body.length);
	new DataView(out.buffer).setUint32(0, body.length);
	out.set(body, 4);
	return out;
}

/**
 * `encodeFrame({ type: 'delta', delta, nonce })` with the delta already serialized: istiod
 * sends one delta to every ztunnel and serializes it once (the same bytes).
 */
export function encodeDeltaFrame(deltaJson: string, nonce: string): Uint8Array {
	const body = encoder.encode(
		`{"type":"delta","delta":${deltaJson},"nonce":${JSON.stringify(nonce)}}`
	);
	const out = new Uint8Array(4 + body.length);
	new DataView(out.buffer).setUint32(0, body.length);
	out.set(body, 4);
	return out;
}

export type FrameResult =
	| { readonly type: 'frame'; readonly payload: unknown }
	| Exclude<ReadResult, { type: 'data' }>
	| XdsProtocolError;

/**
 * Reads frames from a socket as they arrive in arbitrary chunks. After an oversized frame the
 * stream has lost its framing: every later call repeats that error.
 */
export class FrameReader {
	readonly #socket: Pick<Socket, 'read'>;
	#buffer = new Uint8Array(0);
	#broken: XdsProtocolError | undefined;

	constructor(socket: Pick<Socket, 'read'>) {
		this.#socket = socket;
	}

	async next(): Promise<FrameResult> {
		for (;;) {
			if (this.#broken) return this.#broken;
			const frame = this.#take();
			if (frame) return frame;
			const r = await this.#socket.read();
			if (r.type !== 'data') {
				if (r.type === 'eof' && this.#buffer.length > 0) {
					this.#broken = protocolError('connection closed in the middle of a frame');
					return this.#broken;
				}
				return r;
			}
			const joined = new Uint8Array(this.#buffer.length + r.bytes.length);
			joined.set(this.#buffer);
			joined.set(r.bytes, this.#buffer.length);
			this.#buffer = joined;
		}
	}

	#take(): FrameResult | undefined {
		if (this.#buffer.length < 4) return undefined;
		const view = new DataView(this.#buffer.buffer, this.#buffer.byteOffset, 4);
		const length = view.getUint32(0);
		if (length > MAX_FRAME_BYTES) {
			this.#broken = protocolError(`frame of ${length} bytes exceeds ${MAX_FRAME_BYTES}`);
			return this.#broken;
		}
		if (this.#buffer.length < 4 + length) return undefined;
		const body = this.#buffer.subarray(4, 4 + length);
		this.#buffer = this.#buffer.slice(4 + length);
		try {
			return { type: 'frame', payload: JSON.parse(decoder.decode(body)) };
		} catch {
			// The framing is intact: only this message is lost.
			return protocolError('frame is not valid JSON');
		}
	}
}

export type Received<T> = T | Exclude<ReadResult, { type: 'data' }> | XdsProtocolError;

/** The next message from a ztunnel (for istiod). */
export async function readProxyMessage(reader: FrameReader): Promise<Received<ProxyMessage>> {
	const f = await reader.next();
	return f.type === 'frame' ? parseProxyMessage(f.payload) : f;
}

/** The next message from istiod (for a ztunnel). */
export async function readIstiodMessage(reader: FrameReader): Promise<Received<IstiodMessage>> {
	const f = await reader.next();
	return f.type === 'frame' ? parseIstiodMessage(f.payload) : f;
}
