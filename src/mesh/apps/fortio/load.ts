/**
 * `fortio load` at max qps for exactly `-n` calls (periodic/periodic.go, fhttp/httprunner.go,
 * cli/fortio_main.go): `-c` threads, each with its own fast client, share the calls (the first
 * takes the remainder); every call's duration goes to the function-time histogram and, when the
 * code is not OK, to the error one; then the report fortio writes to stderr, every number from
 * the calls as the simulation timed them (sim time).
 */
import type { HostContext } from '../../runtime/host.ts';
import { ms } from '../../types.ts';
import { FastClient, FORTIO_VERSION, type FortioUrl } from './client.ts';
import { goDuration, goG } from './go-format.ts';
import { Counter, Histogram } from './histogram.ts';
import { jsonLogLine } from './log.ts';

export interface LoadOptions {
	readonly url: FortioUrl;
	readonly rawUrl: string;
	readonly threads: number;
	readonly calls: number;
	/** `-qps`: 0 (or below) is max. Only max qps is simulated. */
	readonly qps: number;
	/** Warnings are printed (level Warning or below). */
	readonly warnings: boolean;
	/** Logs at Info are printed. */
	readonly info: boolean;
	/** GOMAXPROCS the container sees. */
	readonly procs: number;
}

/** Sim milliseconds as Go's time.Duration.Seconds() gives them (whole nanoseconds). */
export function seconds(simMs: number): number {
	return Math.round(simMs * 1e6) / 1e9;
}

/** fortio's default percentiles (`-p "50,75,90,99,99.9"`). */
const PERCENTILES = [50, 75, 90, 99, 99.9];

/** Where fortio logs a non-OK code (fhttp/http_client.go, FastClient.Fetch). */
const NON_OK_CALLER = ['http_client.go', 1159] as const;

export async function runLoad(
	ctx: HostContext,
	o: LoadOptions,
	err: (s: string) => void
): Promise<number> {
	let threads = o.threads;
	err(
		`Fortio ${FORTIO_VERSION} running at ${goG(o.qps)} queries per second, ${o.procs}->${o.procs} procs, for ${o.calls} calls: ${o.rawUrl}\n`
	);
	let calls = o.calls;
	if (calls < 2) calls = 2;
	if (2 * threads > calls) threads = Math.floor(calls / 2);
	const perThread = Math.floor(calls / threads);
	const leftOver = calls % threads;
	if (o.warnings)
		err(
			`Starting at max qps with ${threads} thread(s) [gomax ${o.procs}] for exactly ${calls} calls (${perThread} per thread + ${leftOver})\n`
		);
	const duration = new Histogram(0, 0.001);
	const errors = new Histogram(0, 0.001);
	const codes = new Map<number, number>();
	const headerSizes = new Counter();
	const sizes = new Counter();
	const clients = Array.from({ length: threads }, () => new FastClient(ctx, o.url));
	const start = ctx.clock.now();
	const thread = async (t: number): Promise<void> => {
		const client = clients[t];
		if (!client) return;
		const n = perThread + (t === 0 ? leftOver : 0);
		for (let i = 0; i < n; i++) {
			const began = ctx.clock.now();
			const r = await client.fetch();
			const took = seconds(ctx.clock.now() - began);
			codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
			headerSizes.record(r.headerSize);
			sizes.record(r.size);
			duration.record(took);
			if (!FastClient.ok(r.code)) {
				errors.record(took);
				if (o.warnings && r.code > 0)
					err(
						jsonLogLine(ctx.clock.now(), 'warn', 40 + t, NON_OK_CALLER, 'Non ok http code', [
							['code', r.code],
							['status', r.status],
							['thread', t],
							['run', 0]
						])
					);
			}
		}
	};
	await Promise.all(clients.map((_, t) => thread(t)));
	const elapsedMs = ctx.clock.now() - start;
	const qps = duration.count / (elapsedMs / 1000);
	err(
		`Ended after ${goDuration(ms(elapsedMs) * 1e6)} : ${duration.count} calls. qps=${goG(qps, 5)}\n`
	);
	err(duration.print('Aggregated Function Time', PERCENTILES));
	err(errors.print('Error cases', PERCENTILES));
	err('# Socket and IP used for each connection:\n');
	const ips = new Map<string, number>();
	const connect = new Counter();
	let sockets = 0;
	clients.forEach((c, i) => {
		const used = [...c.ips];
		for (const [ip, n] of used) ips.set(ip, (ips.get(ip) ?? 0) + n);
		const resolved =
			used.length === 1
				? (used[0]?.[0] ?? '')
				: `[${used.map(([ip, n]) => `${ip} (${n})`).join(', ')}]`;
		err(
			`[${i}] ${String(c.sockets).padStart(3)} socket used, resolved to ${resolved}${c.connectStats.line(', connection timing')}`
		);
		sockets += c.sockets;
		c.close();
	});
	for (const c of clients) connect.transfer(c.connectStats);
	err(connect.line('Connection time (s)'));
	err(`Sockets used: ${sockets} (for perfect keepalive, would be ${o.threads})\n`);
	err('Uniform: false, Jitter: false, Catchup allowed: true\n');
	err('IP addresses distribution:\n');
	for (const [ip, n] of [...ips].sort((a, b) => b[1] - a[1])) err(`${ip}: ${n}\n`);
	for (const [code, n] of [...codes].sort((a, b) => a[0] - b[0]))
		err(`Code ${String(code).padStart(3)} : ${n} (${((100 * n) / duration.count).toFixed(1)} %)\n`);
	err(headerSizes.line('Response Header Sizes'));
	err(sizes.line('Response Body/Total Sizes'));
	err(
		`All done ${duration.count} calls (plus 0 warmup) ${(1000 * duration.avg()).toFixed(3)} ms avg, ${qps.toFixed(1)} qps\n`
	);
	return 0;
}
