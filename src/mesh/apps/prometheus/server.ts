/**
 * `prom/prometheus` (v3.10.0, as samples/addons/prometheus.yaml runs it): reads
 * `--config.file`, discovers pods (discovery.ts, fed by the cluster), scrapes its targets every
 * scrape interval of sim time, and serves on 9090 the readiness and health endpoints its probes
 * use, the instant-query API (api.ts) and a small page in place of its web UI, which is not
 * simulated.
 */
import { makeResponse } from '../../net/http/message.ts';
import type { ContainerProgram, HostContext } from '../../runtime/host.ts';
import { ms } from '../../types.ts';
import { isoTime, listenOrCrash } from '../app-server.ts';
import { handleQuery } from './api.ts';
import { parsePrometheusConfig, type PrometheusConfig } from './config.ts';
import { isKubernetesSdUpdate, type SdPod } from './discovery.ts';
import { jobTargets, ScrapeState, type Target } from './scrape.ts';
import { Tsdb } from './tsdb.ts';

const PORT = 9090;

/** In place of Prometheus's React UI: what the playground serves and where to query. */
const UI_PAGE = `<!DOCTYPE html>
<html><head><title>Prometheus Time Series Collection and Processing Server</title></head>
<body>
<h1>Prometheus</h1>
<p>The Prometheus web UI is not simulated in this playground. This Prometheus scrapes the mesh
and answers instant queries through its HTTP API:</p>
<form action="/api/v1/query" method="get">
<input name="query" size="80" value="istio_requests_total"> <button>Execute</button>
</form>
<p>It evaluates selectors with label matchers, rate, irate and increase over a range, and sum,
avg, min, max and count with by or without.</p>
</body></html>
`;

function configPath(args: readonly string[]): string {
	for (const a of args) if (a.startsWith('--config.file=')) return a.slice('--config.file='.length);
	return 'prometheus.yml';
}

export function prometheusProgram(): ContainerProgram {
	const db = new Tsdb();
	const state = new ScrapeState();
	let pods: readonly SdPod[] = [];
	let config: PrometheusConfig | undefined;
	let host: HostContext | undefined;

	const targets = (): { target: Target; job: PrometheusConfig['jobs'][number] }[] =>
		(config?.jobs ?? []).flatMap((job) => jobTargets(job, pods).map((target) => ({ target, job })));

	async function scrapeAll(ctx: HostContext): Promise<void> {
		const live = targets();
		state.forget(
			db,
			live.map((l) => l.target),
			ctx.clock.now()
		);
		await Promise.all(live.map(({ target, job }) => state.scrape(ctx, db, target, job)));
	}

	return {
		async start(ctx, container) {
			host = ctx;
			const path = configPath(container.args ?? []);
			const text = ctx.readFile(path);
			const parsed =
				text === undefined
					? `open ${path}: no such file or directory`
					: parsePrometheusConfig(text);
			if (typeof parsed === 'string') {
				ctx.log(
					container.name,
					`time=${isoTime(ctx.clock.now())} level=ERROR source=main.go:664 msg="Error loading config (--config.file=${path})" file=${path} err="${parsed}"`
				);
				ctx.exit(container.name, 1);
				return;
			}
			config = parsed;
			listenOrCrash(ctx, PORT, (req) => {
				switch (req.path) {
					case '/-/ready':
						return makeResponse(200, 'Prometheus Server is Ready.\n');
					case '/-/healthy':
						return makeResponse(200, 'Prometheus Server is Healthy.\n');
					case '/api/v1/query':
						return handleQuery(req, db, ctx.clock.now());
					case '/':
						return makeResponse(302, '', [['Location', '/query']]);
					case '/query':
					case '/graph':
						return makeResponse(200, UI_PAGE, [['Content-Type', 'text/html; charset=utf-8']]);
					default:
						return makeResponse(404, '404 page not found\n', [
							['Content-Type', 'text/plain; charset=utf-8']
						]);
				}
			});
			const interval = ms(parsed.intervalMs);
			const tick = (): void => {
				void scrapeAll(ctx);
				ctx.clock.after(interval, tick);
			};
			ctx.clock.after(interval, tick);
		},
		control(message) {
			if (!isKubernetesSdUpdate(message)) return undefined;
			pods = message.pods;
			return host ? 'ok' : undefined;
		},
		binaries: {}
	};
}
