/**
 * pilot-agent's app probes on its status port (istio/istio 1.30.3
 * pilot/cmd/pilot-agent/status/server.go `handleAppProbe`): kubelet's rewritten probes
 * (`istiod/injection-probes.ts`) GET `/app-health/<container>/livez|readyz|startupz` on 15020,
 * which istio-iptables leaves uncaptured; pilot-agent looks the path up in
 * `ISTIO_KUBE_APP_PROBERS` and runs the original probe against the pod's IP from its own socket,
 * past the inbound capture, so STRICT mTLS does not stand in the way.
 */
import { httpRequest } from '../net/http/client.ts';
import { makeResponse, type Header, type HttpResponse } from '../net/http/message.ts';
import type { ServerRequest } from '../net/http/server.ts';
import { isConnectError } from '../net/socket.ts';
import { ip, ms } from '../types.ts';
import type { SidecarContext } from './context.ts';

export const KUBE_APP_PROBERS_ENV = 'ISTIO_KUBE_APP_PROBERS';
/** server.go appProberPattern. */
export const APP_PROBER_PATTERN =
	/^\/(app-health|app-lifecycle)\/[^/]+\/(livez|readyz|startupz|prestopz|poststartz)$/;
/** server.go maxRespBodyLength: what of the app's body is passed back to kubelet. */
const MAX_BODY = 10 * 1024;

interface Action {
	readonly path?: string;
	readonly port?: number;
	readonly scheme?: string;
}
interface Prober {
	readonly httpGet?: Action;
	readonly tcpSocket?: Action;
	readonly timeoutSeconds?: number;
}

/**
 * The probers from the env var. pilot-agent refuses to start on a value it cannot parse or a
 * path outside the pattern (server.go NewServer); here such a value serves no probe at all.
 */
export function parseAppProbers(value: string | undefined): ReadonlyMap<string, Prober> {
	if (!value) return new Map();
	try {
		const parsed = JSON.parse(value) as unknown;
		if (typeof parsed !== 'object' || parsed === null) return new Map();
		const entries = Object.entries(parsed as Record<string, Prober>);
		return new Map(entries.filter(([path]) => APP_PROBER_PATTERN.test(path)));
	} catch {
		return new Map();
	}
}

const REDIRECTS = [301, 302, 303, 307, 308];
/** Headers kubelet sent that Go's client sets itself rather than copying. */
const NOT_FORWARDED = ['host', 'connection', 'content-length'];

/** handleAppProbeHTTPGet: kubelet's headers forwarded, the Host's status port made the app's. */
async function probeHttp(sc: SidecarContext, req: ServerRequest, p: Prober): Promise<HttpResponse> {
	const get = p.httpGet ?? {};
	const port = get.port ?? 0;
	const path = (get.path ?? '').startsWith('/') ? (get.path ?? '/') : `/${get.path ?? ''}`;
	const scheme = get.scheme === 'HTTPS' ? 'https' : 'http';
	const incoming = req.headers.find(([n]) => n.toLowerCase() === 'host')?.[1] ?? '';
	const host = incoming.replace(/:(\d+)$/, (m, p1: string) =>
		Number(p1) === req.local.port ? `:${port}` : m
	);
	const headers: Header[] = [
		['Host', host],
		...req.headers.filter(([n]) => !NOT_FORWARDED.includes(n.toLowerCase()))
	];
	const timeout = (p.timeoutSeconds ?? 0) > 0 ? ms((p.timeoutSeconds ?? 0) * 1000) : undefined;
	const r = await httpRequest(
		{ clock: sc.ctx.clock, net: sc.net, dns: sc.ctx.dns },
		{ url: `${scheme}://${sc.ctx.spec.ip}:${port}${path}`, headers, timeout }
	);
	// "Request to probe app failed": kubelet sees a bare 500.
	if (r.type === 'error') return makeResponse(500, '');
	const status = r.response.status;
	if (REDIRECTS.includes(status)) return makeResponse(200, '');
	return makeResponse(status, r.response.body.slice(0, MAX_BODY));
}

/** handleAppProbeTCPSocket: a connect to the pod's port, closed at once. */
async function probeTcp(sc: SidecarContext, p: Prober): Promise<HttpResponse> {
	const timeout = (p.timeoutSeconds ?? 0) > 0 ? ms((p.timeoutSeconds ?? 0) * 1000) : undefined;
	const dst = { ip: ip(sc.ctx.spec.ip), port: p.tcpSocket?.port ?? 0 };
	const socket = await sc.net.connect(dst, timeout === undefined ? {} : { timeout });
	if (isConnectError(socket)) return makeResponse(500, '');
	socket.end();
	return makeResponse(200, '');
}

/** The `/app-health/` handler, or undefined for a path it does not serve. */
export function appHealth(
	sc: SidecarContext,
	probersEnv: string | undefined
): (req: ServerRequest) => Promise<HttpResponse> | undefined {
	const probers = parseAppProbers(probersEnv);
	return (req) => {
		if (!req.path.startsWith('/app-health/')) return undefined;
		const prober = probers.get(req.path);
		if (!prober)
			return Promise.resolve(
				makeResponse(400, `app prober config does not exists for ${req.path}`)
			);
		if (prober.httpGet) return probeHttp(sc, req, prober);
		if (prober.tcpSocket) return probeTcp(sc, prober);
		return Promise.resolve(makeResponse(200, ''));
	};
}
