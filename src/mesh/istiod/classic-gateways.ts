/**
 * The classic `networking.istio.io` Gateway: which gateway pods each one selects, and the config
 * a selected router (`proxy router`, e.g. istio-ingressgateway) is pushed. Mirrors istio
 * pilot/pkg/model/gateway.go (`mergeGateways`, `resolvePorts`, `gatewayRDSRouteName`,
 * `sanitizeServerHostNamespace`) and pilot/pkg/networking/core/gateway.go
 * (`buildGatewayHTTPRouteConfig`: VirtualServices bound by `gateways`, hosts intersected with
 * the server's). HTTP servers, and HTTPS servers terminating TLS (`tls.mode` SIMPLE or MUTUAL
 * with a `credentialName` in the gateway's namespace, gateway.go `buildGatewayListeners` →
 * one filter chain per server, matched by SNI); PASSTHROUGH/TLS/TCP servers and `httpsRedirect`
 * are skipped (README "Simplified").
 */
import type { KubeObject, Pod, Service as KubeService } from '../api/objects.ts';
import type { GatewayListener, ServiceRoutes, TlsServerConfig } from '../xds/waypoint-config.ts';
import { secretFinder, tlsServer } from './gateway-credentials.ts';
import { virtualServiceRoutes } from './routes-virtualservice.ts';
import type { WaypointPushContext } from './waypoints-context.ts';
import { arr, obj, str } from '../json.ts';

type Obj = Record<string, unknown>;
const strings = (x: unknown): string[] => arr(x).filter((s): s is string => typeof s === 'string');

/** protocol.Parse(...).IsHTTP(): the protocols a gateway serves with an HTTP connection manager. */
const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY']);

/** A server as the gateway proxy applies it. */
export interface ClassicServer {
	/** `namespace/name` of the Gateway. */
	readonly gateway: string;
	readonly port: number;
	readonly protocol: string;
	/** Hosts after sanitizeServerHostNamespace: `ns/host`, or a bare host for any namespace. */
	readonly hosts: readonly string[];
	/** Why the simulation does not serve it; undefined: served. */
	readonly unsupported?: string;
	/** An HTTPS server's termination: its mode and Secret. */
	readonly tls?: { readonly mode: 'SIMPLE' | 'MUTUAL'; readonly credentialName: string };
}

/** An HTTPS server the simulation terminates: SIMPLE or MUTUAL with a credentialName. */
function terminated(tls: Obj): ClassicServer['tls'] {
	const mode = tls['mode'];
	const credentialName = str(tls['credentialName']);
	if ((mode !== 'SIMPLE' && mode !== 'MUTUAL') || !credentialName) return undefined;
	return { mode, credentialName };
}

/**
 * A pod running pilot-agent's `proxy router` outside the Gateway API (no gateway-name label): a
 * classic gateway such as istio-ingressgateway.
 */
export function isClassicRouter(pod: Pod): boolean {
	if (pod.metadata.labels?.['gateway.networking.k8s.io/gateway-name'] !== undefined) return false;
	return pod.spec.containers.some((c) => {
		const args = c.args ?? [];
		const at = args.indexOf('proxy');
		return at !== -1 && args[at + 1] === 'router';
	});
}

/** `spec.selector` labels all present on the pod (an empty selector selects every workload). */
export function gatewaySelects(gw: KubeObject, labels: Readonly<Record<string, string>>): boolean {
	const selector = obj(obj(gw['spec'])['selector']);
	return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** `./host` → `<gw ns>/host`, `*\/host` → `host`, `*\/*` → just `*`. */
function sanitizeHosts(hosts: readonly string[], namespace: string): string[] {
	const out: string[] = [];
	for (const h of hosts) {
		const slash = h.indexOf('/');
		if (slash === -1) {
			out.push(h);
			continue;
		}
		const [ns, host] = [h.slice(0, slash), h.slice(slash + 1)];
		if (ns === '.') out.push(`${namespace}/${host}`);
		else if (ns === '*') {
			if (host === '*') return ['*'];
			out.push(host);
		} else out.push(h);
	}
	return out;
}

export function classicServers(gw: KubeObject): ClassicServer[] {
	const namespace = gw.metadata.namespace ?? 'default';
	const key = `${namespace}/${gw.metadata.name}`;
	return arr(obj(gw['spec'])['servers'])
		.map(obj)
		.flatMap((s) => {
			const port = obj(s['port']);
			const number = port['number'];
			if (typeof number !== 'number') return [];
			const protocol = (str(port['protocol']) ?? '').toUpperCase();
			const tls = obj(s['tls']);
			const https = protocol === 'HTTPS' ? terminated(tls) : undefined;
			const unsupported =
				protocol === 'HTTPS'
					? https
						? undefined
						: 'HTTPS servers other than SIMPLE/MUTUAL with a credentialName are not modelled'
					: !HTTP_PROTOCOLS.has(protocol)
						? `${protocol} servers are not modelled`
						: tls['httpsRedirect'] === true
							? 'httpsRedirect is not modelled'
							: undefined;
			return [
				{
					gateway: key,
					port: number,
					protocol,
					hosts: sanitizeHosts(strings(s['hosts']), namespace),
					...(unsupported ? { unsupported } : {}),
					...(https ? { tls: https } : {})
				}
			];
		});
}

/**
 * resolvePorts with the legacy selector: the targetPort of the first Service port numbered like
 * the server, among Services in the pod's namespace selecting it; else the number as is.
 */
export function resolvePort(number: number, pod: Pod, services: readonly KubeService[]): number {
	const labels = pod.metadata.labels ?? {};
	for (const svc of services) {
		if (svc.metadata.namespace !== pod.metadata.namespace) continue;
		const sel = svc.spec.selector;
		if (!sel || Object.keys(sel).length === 0) continue;
		if (!Object.entries(sel).every(([k, v]) => labels[k] === v)) continue;
		for (const p of svc.spec.ports ?? []) {
			if (p.port !== number) continue;
			const t = p.targetPort;
			if (typeof t === 'number') return t;
			if (typeof t === 'string') {
				const named = pod.spec.containers
					.flatMap((c) => c.ports ?? [])
					.find((cp) => cp.name === t)?.containerPort;
				return named ?? number;
			}
			return number;
		}
	}
	return number;
}

/** The Gateways a VirtualService binds to: `name` (its own namespace) or `ns/name`; not `mesh`. */
export function virtualServiceGateways(vs: KubeObject): string[] {
	const ns = vs.metadata.namespace ?? 'default';
	return strings(obj(vs['spec'])['gateways'])
		.filter((g) => g !== 'mesh')
		.map((g) => (g.includes('/') ? g : `${ns}/${g}`));
}

/** Envoy-style host match: exact, `*`, or a `*.suffix` wildcard on either side. */
function hostsOverlap(a: string, b: string): boolean {
	if (a === '*' || b === '*' || a === b) return true;
	if (a.startsWith('*') && b.endsWith(a.slice(1))) return true;
	if (b.startsWith('*') && a.endsWith(b.slice(1))) return true;
	return false;
}

/** A server host admits a VirtualService host from `vsNamespace` (its `ns/` part, if any). */
function serverAdmits(serverHost: string, vsHost: string, vsNamespace: string): boolean {
	const slash = serverHost.indexOf('/');
	if (slash !== -1) {
		if (serverHost.slice(0, slash) !== vsNamespace) return false;
		return hostsOverlap(serverHost.slice(slash + 1), vsHost);
	}
	return hostsOverlap(serverHost, vsHost);
}

/**
 * The routes of the servers on one listener: each VirtualService bound to a server's Gateway,
 * once per host the server admits (its domain in the route table). A short VirtualService host
 * is a name as clients send it, not a cluster Service.
 */
function serverRoutes(
	ctx: WaypointPushContext,
	servers: readonly ClassicServer[]
): ServiceRoutes[] {
	const out: ServiceRoutes[] = [];
	const ports = (hostname: string): number[] | undefined => {
		const svc = ctx.byHostname.get(hostname);
		return svc && Object.keys(svc.ports).map(Number);
	};
	const gateways = new Set(servers.map((s) => s.gateway));
	const vss = [...(ctx.snapshot.virtualServices ?? [])].sort(
		(a, b) =>
			(a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
			`${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
				`${b.metadata.namespace}/${b.metadata.name}`
			)
	);
	const seen = new Set<string>();
	for (const vs of vss) {
		const bound = virtualServiceGateways(vs).filter((g) => gateways.has(g));
		if (bound.length === 0) continue;
		const ns = vs.metadata.namespace ?? 'default';
		for (const host of strings(obj(vs['spec'])['hosts'])) {
			const admitted = servers.some(
				(s) => bound.includes(s.gateway) && s.hosts.some((h) => serverAdmits(h, host, ns))
			);
			// The first VirtualService for a host wins (later ones are conflicts istiod drops).
			if (!admitted || seen.has(host)) continue;
			seen.add(host);
			const r = virtualServiceRoutes(vs, host, ports, ctx.snapshot.destinationRules ?? []);
			out.push({ ...r, hostname: host });
		}
	}
	return out;
}

/** A server's SNI names: its hosts without their namespace part. */
const sniNames = (s: ClassicServer): string[] =>
	s.hosts.map((h) => (h.includes('/') ? h.slice(h.indexOf('/') + 1) : h));

/**
 * The listeners of a router pod: one per resolved port of the HTTP servers that select it, and
 * one per HTTPS server (its own filter chain on the port, routed by its own VirtualServices),
 * whose credential is read from the router's namespace.
 */
export function classicListeners(
	ctx: WaypointPushContext,
	pod: Pod,
	gateways: readonly KubeObject[]
): GatewayListener[] {
	const byPort = new Map<number, ClassicServer[]>();
	const servicePort = new Map<number, number>();
	const https: { port: number; server: ClassicServer; tls: TlsServerConfig }[] = [];
	const find = secretFinder(ctx.snapshot.secrets ?? []);
	const namespace = pod.metadata.namespace ?? 'default';
	for (const gw of gateways) {
		if (!gatewaySelects(gw, pod.metadata.labels ?? {})) continue;
		for (const s of classicServers(gw)) {
			if (s.unsupported) continue;
			const port = resolvePort(s.port, pod, ctx.snapshot.services);
			if (!servicePort.has(port)) servicePort.set(port, s.port);
			if (s.tls) {
				const t = tlsServer(find, namespace, s.tls.credentialName, sniNames(s), s.tls.mode);
				if (t) https.push({ port, server: s, tls: t });
				continue;
			}
			byPort.set(port, [...(byPort.get(port) ?? []), s]);
		}
	}
	const plain = [...byPort].map(([port, servers]) => ({
		name: `http.${port}`,
		port,
		protocol: 'HTTP' as const,
		servicePort: servicePort.get(port) ?? port,
		routes: serverRoutes(ctx, servers)
	}));
	const secure = https.map(({ port, server, tls }) => ({
		name: `https.${port}`,
		port,
		protocol: 'HTTPS' as const,
		tls: [tls],
		servicePort: servicePort.get(port) ?? port,
		routes: serverRoutes(ctx, [server])
	}));
	return [...plain, ...secure].sort((a, b) => a.port - b.port);
}
