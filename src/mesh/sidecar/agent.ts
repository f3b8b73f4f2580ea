/**
 * pilot-agent's part of a sidecar: the xDS proxy's stream to istiod and its log wording
 * (pkg/istio-agent/xds_proxy.go), the first workload certificate from SDS before Envoy reports
 * ready (security/pkg/nodeagent/cache), and the readiness probe on 15021
 * (pilot/cmd/pilot-agent/status/server.go).
 */
import { istioBuildString } from '../istio/version.ts';
import { makeResponse } from '../net/http/message.ts';
import { type HttpHandler, isListenError, serve } from '../net/http/server.ts';
import type { NetStack } from '../net/socket.ts';
import { configError } from '../proxy/l4/state/validate.ts';
import type { ContainerSpec, HostContext } from '../runtime/host.ts';
import { simDate, type WorkloadCerts } from '../tls/certificate.ts';
import { type IdentityError, isIdentityError } from '../tls/identity.ts';
import type { SimMillis } from '../types.ts';
import { connectIstiod, type IstiodClient } from '../xds/client.ts';
import { ISTIOD_ADDRESS, type NodeMetadata } from '../xds/protocol.ts';
import type { SidecarContext, SidecarLog } from './context.ts';
import { SIDECAR_PORTS } from './ports.ts';

/** pilot-agent's first lines: its build and the proxy's role. */
export function logProxyRole(ctx: HostContext, log: SidecarLog): void {
	const proxyId = `${ctx.spec.name}.${ctx.spec.namespace}`;
	log('info', undefined, `Version ${istioBuildString()}`);
	log(
		'info',
		undefined,
		`Proxy role\tips=[${ctx.spec.ip}] type=sidecar id=${proxyId} domain=${ctx.spec.namespace}.svc.cluster.local`
	);
}

/** The xDS proxy and CA client: one stream for this pod, on the proxy's own (uncaptured) stack. */
export function connectAgent(
	ctx: HostContext,
	net: NetStack,
	container: ContainerSpec,
	metadata: NodeMetadata | undefined,
	log: SidecarLog
): IstiodClient {
	const address = container.env['CA_ADDR'] ?? ISTIOD_ADDRESS;
	return connectIstiod(ctx, {
		net,
		address,
		subscription: {
			type: 'subscribe-sidecar',
			node: ctx.spec.node,
			pod: ctx.spec.name,
			namespace: ctx.spec.namespace,
			...(metadata ? { metadata } : {})
		},
		validate: configError,
		onConfig: () => {},
		onEvent: (e) => {
			if (e.type === 'connected')
				log('info', 'xdsproxy', `connected to delta upstream XDS server: ${e.address}`);
			else if (e.type === 'connect-failed')
				log('warn', 'xdsproxy', `failed to connect to upstream ${address}`);
			else if (e.type === 'invalid')
				log('error', 'xdsproxy', `invalid message from istiod: ${e.message}`);
			else if (e.type === 'nack') log('warn', 'xdsproxy', `rejected config: ${e.reason}`);
			else log('error', 'xdsproxy', e.message);
		}
	});
}

/** SDS's first certificate, fetched before Envoy reports ready: its latency and TTL, or why not. */
export function logFirstCertificate(
	sc: SidecarContext,
	certs: WorkloadCerts | IdentityError,
	started: SimMillis
): void {
	const { ctx, log } = sc;
	if (isIdentityError(certs)) log('warn', 'cache', `failed to generate secret: ${certs.message}`);
	else {
		// pilot-agent logs the time left on the new leaf, e.g. `ttl=23h59m59s`.
		const leaf = certs.certChain[0];
		const left = leaf ? leaf.notAfter.getTime() - simDate(ctx.clock.now()).getTime() : 0;
		log(
			'info',
			'cache',
			`generated new workload certificate\tresourceName=default latency=${Math.round(ctx.clock.now() - started)}ms ttl=${goDuration(left)}`
		);
	}
}

/** An HTTP port of the proxy; a port taken is Envoy's bind error. */
export function serveHttp(ctx: HostContext, port: number, handler: HttpHandler): void {
	if (isListenError(serve(ctx, port, handler))) {
		throw new Error(`failed to bind to address [::]:${port}: Address in use`);
	}
}

/** 15021 `/healthz/ready`: 200 once a config arrived. */
export function serveReadiness(sc: SidecarContext): void {
	serveHttp(sc.ctx, SIDECAR_PORTS.readiness, (req) =>
		req.path === '/healthz/ready' && sc.agent.config() !== undefined
			? makeResponse(200, '')
			: makeResponse(503, '')
	);
}

/** Go's time.Duration String for whole seconds: `23h59m59s`. */
function goDuration(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const sec = total % 60;
	if (h > 0) return `${h}h${m}m${sec}s`;
	if (m > 0) return `${m}m${sec}s`;
	return `${sec}s`;
}
