/**
 * The other programs of samples/addons: each serves the ports and endpoints its probes and
 * `istioctl dashboard` reach, and, where its web UI would be, a page saying that UI is not
 * simulated and which of the playground's views shows the same thing. Kiali's, Grafana's and
 * Jaeger's UIs are deliberately not imitated.
 */
import { makeResponse, type HttpResponse } from '../net/http/message.ts';
import type { HttpHandler } from '../net/http/server.ts';
import type { ContainerProgram } from '../runtime/host.ts';
import { listenOrCrash } from './app-server.ts';

function notSimulated(title: string, instead: string): HttpResponse {
	return makeResponse(
		200,
		`<!DOCTYPE html>\n<html><head><title>${title}</title></head>\n<body>\n<h1>${title}</h1>\n<p>The ${title} web UI is not simulated in this playground. ${instead}</p>\n</body></html>\n`,
		[['Content-Type', 'text/html; charset=utf-8']]
	);
}

const notFound = (): HttpResponse =>
	makeResponse(404, '404 page not found\n', [['Content-Type', 'text/plain; charset=utf-8']]);

function server(routes: Readonly<Record<number, HttpHandler>>): () => ContainerProgram {
	return () => ({
		async start(ctx) {
			for (const [port, handler] of Object.entries(routes))
				listenOrCrash(ctx, Number(port), handler);
		},
		binaries: {}
	});
}

const metrics =
	(body: string): HttpHandler =>
	(req) =>
		req.path === '/metrics'
			? makeResponse(200, body, [['Content-Type', 'text/plain; version=0.0.4; charset=utf-8']])
			: notFound();

/** quay.io/kiali/kiali v2.26: 20001 under `web_root: /kiali`, its metrics on 9090. */
export const kialiProgram = server({
	20001: (req) =>
		req.path === '/kiali/healthz'
			? makeResponse(200, '')
			: req.path === '/' || req.path === '/kiali'
				? makeResponse(302, '', [['Location', '/kiali/']])
				: req.path.startsWith('/kiali/')
					? notSimulated(
							'Kiali',
							"The playground's Topology view draws the same traffic graph from the mesh's own telemetry, and Traces shows each request's hops."
						)
					: notFound(),
	9090: metrics('# TYPE kiali_build_info gauge\nkiali_build_info{version="v2.26.0"} 1\n')
});

/** docker.io/grafana/grafana 12.0.1 on 3000. */
export const grafanaProgram = server({
	3000: (req) =>
		req.path === '/api/health'
			? makeResponse(200, '{\n  "database": "ok",\n  "version": "12.0.1"\n}', [
					['Content-Type', 'application/json']
				])
			: req.path === '/' || req.path.startsWith('/d/') || req.path.startsWith('/dashboards')
				? notSimulated(
						'Grafana',
						"Query the mesh's metrics from Prometheus (istioctl dashboard prometheus, or curl its /api/v1/query); the Topology view shows request rates per edge."
					)
				: notFound()
});

/** docker.io/jaegertracing/jaeger 2.14.0: the query UI on 16686 under /jaeger, health on 13133. */
export const jaegerProgram = server({
	16686: (req) =>
		req.path === '/'
			? makeResponse(302, '', [['Location', '/jaeger/']])
			: req.path === '/jaeger' || req.path.startsWith('/jaeger/')
				? notSimulated(
						'Jaeger',
						"The playground's Traces view shows each request's spans through ztunnel, waypoints and sidecars."
					)
				: notFound(),
	13133: (req) =>
		req.path === '/status'
			? makeResponse(200, '{"status":"StatusOK"}', [['Content-Type', 'application/json']])
			: notFound(),
	8888: metrics('')
});

/** ghcr.io/prometheus-operator/prometheus-config-reloader: its health and metrics on 8080. */
export const configReloaderProgram = server({
	8080: (req) =>
		req.path === '/healthz'
			? makeResponse(200, 'OK')
			: req.path === '/metrics'
				? makeResponse(200, '', [['Content-Type', 'text/plain; version=0.0.4; charset=utf-8']])
				: notFound()
});
