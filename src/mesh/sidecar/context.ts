/**
 * What the parts of one sidecar share (sidecar.ts wires them): the pod's host, the container its
 * lines go to, the proxy's own network stack, pilot-agent's stream to istiod and the L4 state
 * built from its pushes. pilot-agent and Envoy share these inside one `istio-proxy` container.
 */
import type { NetStack } from '../net/socket.ts';
import type { ProxyState } from '../proxy/l4/state/proxy-state.ts';
import type { Rng } from '../random.ts';
import type { HostContext } from '../runtime/host.ts';
import type { IstiodClient } from '../xds/client.ts';

/** A pilot-agent / Envoy log line in Istio's Go format (`scope` undefined: none). */
export type SidecarLog = (
	level: 'info' | 'warn' | 'error',
	scope: string | undefined,
	message: string
) => void;

export interface SidecarContext {
	readonly ctx: HostContext;
	/** The container name (`istio-proxy`), for its log. */
	readonly container: string;
	/** The proxy's own stack: its sockets are not redirected (and not captured). */
	readonly net: NetStack;
	readonly log: SidecarLog;
	/** pilot-agent's one stream to istiod: this pod's config and certificate. */
	readonly agent: IstiodClient;
	/** ztunnel's state over the latest push (L4), rebuilt when a push arrives. */
	state(): ProxyState;
	/** New trace ids (`traceRng`), shared by the L4 and L7 halves. */
	readonly traces: Rng;
}
