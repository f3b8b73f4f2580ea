/**
 * The injector's probe rewrite (istio/istio 1.30.3 pkg/kube/inject/app_probe.go, applied by
 * webhook.go `applyRewrite`): kubelet's HTTP and TCP probes of the app containers would reach the
 * app through the sidecar's inbound capture, where STRICT mTLS refuses kubelet's plaintext. So
 * each is rewritten to an HTTP GET of pilot-agent's status port (15020,
 * `/app-health/<container>/livez|readyz|startupz`), which is not captured, and the original
 * probes travel to pilot-agent as JSON in the proxy's `ISTIO_KUBE_APP_PROBERS` env var; pilot-agent
 * then probes the app from inside the pod (`sidecar/app-health.ts`).
 *
 * On by default (`sidecarInjectorWebhook.rewriteAppHTTPProbe: true` in istio-discovery's
 * values); the pod annotation `sidecar.istio.io/rewriteAppHTTPProbers` (Go's ParseBool) overrides
 * it, `status.sidecar.istio.io/port` moves the status port. Lifecycle hooks are not rewritten
 * (kubelet runs none here).
 */
import type { Container, Pod } from '../api/objects.ts';

export const REWRITE_PROBERS_ANNOTATION = 'sidecar.istio.io/rewriteAppHTTPProbers';
export const STATUS_PORT_ANNOTATION = 'status.sidecar.istio.io/port';
/** pilot/cmd/pilot-agent/status/server.go KubeAppProberEnvName. */
export const KUBE_APP_PROBERS_ENV = 'ISTIO_KUBE_APP_PROBERS';
/** meshConfig.defaultConfig.statusPort. */
export const DEFAULT_STATUS_PORT = 15020;

type Obj = Record<string, unknown>;
type Port = number | string;

/** server.go FormatProberURL, for the three probes kubelet runs. */
export const proberUrls = (container: string) => ({
	readinessProbe: `/app-health/${container}/readyz`,
	livenessProbe: `/app-health/${container}/livez`,
	startupProbe: `/app-health/${container}/startupz`
});

/** strconv.ParseBool: undefined for anything it rejects (then the default applies). */
export function parseGoBool(value: string): boolean | undefined {
	if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
	if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
	return undefined;
}

/** app_probe.go ShouldRewriteAppHTTPProbers: the annotation, when it parses, beats the default. */
export function shouldRewriteProbes(pod: Pod, byDefault = true): boolean {
	const value = pod.metadata.annotations?.[REWRITE_PROBERS_ANNOTATION];
	return (value === undefined ? undefined : parseGoBool(value)) ?? byDefault;
}

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** k8s.io/api HTTPGetAction / TCPSocketAction field order, as encoding/json writes them. */
function action(a: Obj, port: number): Obj {
	const out: Obj = {};
	if (a.path !== undefined && a.path !== '') out.path = a.path;
	out.port = port;
	for (const k of ['host', 'scheme', 'httpHeaders'])
		if (a[k] !== undefined && a[k] !== '') out[k] = a[k];
	return out;
}

/**
 * kubeProbeToInternalProber then updateNamedPort: the probe pilot-agent will run, with a named
 * port resolved; none for a name the container does not declare or a probe already rewritten.
 */
function internalProber(probe: unknown, c: Container, statusPort: number): Obj | undefined {
	if (!isObj(probe)) return undefined;
	const kind = isObj(probe.httpGet) ? 'httpGet' : isObj(probe.tcpSocket) ? 'tcpSocket' : undefined;
	if (!kind) return undefined;
	const a = probe[kind] as Obj;
	let port = a.port as Port | undefined;
	if (typeof port === 'string') {
		port = c.ports?.find((p) => (p as { name?: string }).name === port)?.containerPort;
		if (port === undefined) return undefined;
	} else if (port === statusPort) return undefined;
	const timeout = probe.timeoutSeconds;
	return {
		[kind]: action(a, port ?? 0),
		...(typeof timeout === 'number' && timeout !== 0 ? { timeoutSeconds: timeout } : {})
	};
}

/** app_probe.go convertAppProber: an HTTP GET of pilot-agent's URL; HTTPS becomes HTTP. */
function convertProbe(probe: unknown, url: string, statusPort: number): Obj | undefined {
	if (!isObj(probe)) return undefined;
	const get = isObj(probe.httpGet) ? probe.httpGet : isObj(probe.tcpSocket) ? {} : undefined;
	if (!get) return undefined;
	const { tcpSocket: _tcp, httpGet: _get, ...rest } = probe;
	const scheme = get.scheme === 'HTTPS' ? 'HTTP' : get.scheme;
	const httpGet: Obj = { ...get, path: url, port: statusPort };
	if (scheme !== undefined) httpGet.scheme = scheme;
	// The probe keeps its place among the fields (kubectl prints them sorted anyway).
	return { ...rest, httpGet };
}

/** DumpAppProbers: the env var's JSON, keys sorted as Go's encoding/json sorts a map's. */
export function dumpAppProbers(
	containers: readonly Container[],
	statusPort: number
): string | undefined {
	const out: Record<string, Obj> = {};
	for (const c of containers) {
		const urls = proberUrls(c.name);
		for (const field of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
			const p = internalProber(c[field], c, statusPort);
			if (p) out[urls[field]] = p;
		}
	}
	const keys = Object.keys(out).sort();
	if (keys.length === 0) return undefined;
	return JSON.stringify(Object.fromEntries(keys.map((k) => [k, out[k]])));
}

/** The status port: the annotation when it parses as a number (`-1` turns the rewrite off). */
function statusPortOf(pod: Pod): number {
	const v = pod.metadata.annotations?.[STATUS_PORT_ANNOTATION];
	return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : DEFAULT_STATUS_PORT;
}

/**
 * webhook.go applyRewrite on a pod the template was applied to: appends `ISTIO_KUBE_APP_PROBERS`
 * to `proxy`'s env and rewrites the other containers' probes in place.
 */
export function rewriteAppProbes(pod: Pod, proxy: Container, byDefault = true): void {
	if (!shouldRewriteProbes(pod, byDefault)) return;
	const statusPort = statusPortOf(pod);
	if (statusPort === -1) return;
	const apps = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].filter(
		(c) => c !== proxy && c.name !== proxy.name
	);
	const probers = dumpAppProbers(apps, statusPort);
	if (probers !== undefined)
		proxy.env = [...(proxy.env ?? []), { name: KUBE_APP_PROBERS_ENV, value: probers }];
	for (const c of apps) {
		const urls = proberUrls(c.name);
		for (const field of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
			const rewritten = convertProbe(c[field], urls[field], statusPort);
			if (rewritten) c[field] = rewritten;
		}
	}
}
