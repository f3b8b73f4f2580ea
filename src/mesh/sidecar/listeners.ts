/**
 * Envoy's listeners in a sidecar: outbound 15001 (the app's connections, by istio-iptables), at L7
 * when the Service port speaks HTTP, else L4; inbound 15006 (Istio mTLS or plaintext, by the TLS
 * inspector: `inbound-tls.ts`) and HBONE
 * 15008 through the L4 engine; Prometheus stats on 15090 and pilot-agent's merged 15020.
 * Mirrors the virtualOutbound / virtualInbound listeners istiod builds for a sidecar
 * (pilot/pkg/networking/core/listener.go).
 */
import { makeResponse } from '../net/http/message.ts';
import type { Socket } from '../net/socket.ts';
import { Inbound } from '../proxy/l4/inbound.ts';
import { InboundPassthrough } from '../proxy/l4/inbound-passthrough.ts';
import type { ProxyInputs } from '../proxy/l4/inputs.ts';
import type { Metrics } from '../proxy/l4/metrics.ts';
import { Outbound } from '../proxy/l4/outbound.ts';
import { serveHttp } from './agent.ts';
import { appHealth } from './app-health.ts';
import type { SidecarContext } from './context.ts';
import type { SidecarHttpProxy } from './http.ts';
import { serveInbound } from './inbound-tls.ts';
import { SIDECAR_PORTS } from './ports.ts';
import type { TcpAccessLog } from './tcp-access-log.ts';

/** Opens 15001, 15006 and 15008; a connection that fails is reset and logged, never fatal. */
export function startListeners(
	sc: SidecarContext,
	pi: ProxyInputs,
	http: SidecarHttpProxy,
	tcpLog: TcpAccessLog
): void {
	const { ctx, net, log, state } = sc;
	const run = (socket: Socket, task: Promise<void>) =>
		task.catch((e: unknown) => {
			log('error', 'envoy', `connection failed: ${String(e)}`);
			socket.reset();
		});
	const outbound = new Outbound(pi);
	const inbound = new Inbound(pi);
	const passthrough = new InboundPassthrough(pi);
	const listen = (port: number, onAccept: (s: Socket) => void) => {
		if ('type' in net.listen(port, onAccept))
			throw new Error(`failed to bind to address [::]:${port}: Address in use`);
	};
	listen(SIDECAR_PORTS.outbound, (s) => {
		const svc = state().serviceByVip(s.local.ip, ctx.spec.namespace);
		const l7 = svc && http.outbound(s, svc, s.local.port);
		if (l7) return void run(s, l7);
		tcpLog.outbound(s);
		void run(s, outbound.proxy(s));
	});
	listen(SIDECAR_PORTS.inbound, (s) => void run(s, serveInbound(pi, passthrough, s)));
	listen(SIDECAR_PORTS.hbone, (s) => void run(s, inbound.serve(s)));
}

/**
 * 15090 (Envoy) and 15020 (pilot-agent's merged view): both halves' metrics; 15020 also runs the
 * app's rewritten probes (`app-health.ts`, from the proxy container's `ISTIO_KUBE_APP_PROBERS`).
 */
export function serveStats(
	sc: SidecarContext,
	http: SidecarHttpProxy,
	metrics: Metrics,
	appProbers?: string
): void {
	const probes = appHealth(sc, appProbers);
	const stats = () =>
		makeResponse(200, http.metrics.renderPrometheus() + metrics.renderPrometheus(), [
			['Content-Type', 'text/plain; version=0.0.4; charset=utf-8']
		]);
	serveHttp(sc.ctx, SIDECAR_PORTS.envoyStats, (req) =>
		req.path === '/stats/prometheus' ? stats() : makeResponse(404, '')
	);
	serveHttp(
		sc.ctx,
		SIDECAR_PORTS.mergedStats,
		(req) => probes(req) ?? (req.path === '/stats/prometheus' ? stats() : makeResponse(404, ''))
	);
}
