/**
 * One probe, as kubelet's prober runs it (pkg/kubelet/prober/prober.go runProbe, pkg/probe/http,
 * tcp, exec): an HTTP GET or a TCP connect from the node to the pod's address, or a command in
 * the container; its result and the output kubelet puts in the `Unhealthy` event.
 */
import type { Container } from '../api/objects.ts';
import type { Cancel } from '../clock.ts';
import type { ForwardResult } from '../runtime/port-forward.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { ip, ms, type HostId } from '../types.ts';
import { resolvePort, type Probe } from './probe-spec.ts';

export interface ProbeOutcome {
	readonly ok: boolean;
	/** What follows "<Type> probe failed: " in the event; empty on success. */
	readonly output: string;
}

export interface ProbeTarget {
	readonly runtime: Runtime;
	readonly host: HostId;
	readonly podIP: string;
	readonly hostIP: string;
	readonly container: Container;
}

/** k8s.io/component-base/version: kubelet's probes say `kube-probe/<major>.<minor>`. */
export const PROBE_USER_AGENT = 'kube-probe/1.30';

/** pkg/probe/http/request.go NewRequestForHTTPGetAction, as Go's client writes it (keep-alives off). */
export function httpProbeRequest(
	hostPort: string,
	path: string,
	headers: Probe['httpGet']
): string {
	const extra = headers?.httpHeaders ?? [];
	const given = (name: string) => extra.find((h) => h.name.toLowerCase() === name.toLowerCase());
	const lines = [`GET ${path} HTTP/1.1`, `Host: ${given('Host')?.value ?? hostPort}`];
	if (!given('User-Agent')) lines.push(`User-Agent: ${PROBE_USER_AGENT}`);
	if (!given('Accept')) lines.push('Accept: */*');
	for (const h of extra) if (h.name.toLowerCase() !== 'host') lines.push(`${h.name}: ${h.value}`);
	lines.push('Connection: close');
	return `${lines.join('\r\n')}\r\n\r\n`;
}

/** pkg/probe/http/http.go DoHTTPProbe: 200 ≤ code < 400 succeeds; anything else fails. */
export function httpOutcome(response: string): ProbeOutcome {
	const m = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(response);
	if (!m)
		return {
			ok: false,
			output: 'net/http: HTTP/1.x transport connection broken: malformed HTTP response'
		};
	const code = Number(m[1]);
	if (code >= 200 && code < 400) return { ok: true, output: '' };
	return { ok: false, output: `HTTP probe failed with statuscode: ${code}` };
}

const decoder = new TextDecoder();

/** Waits `seconds` on the cluster's clock, then resolves `value`; undefined runtime timers: never. */
function deadline<T>(
	runtime: Runtime,
	seconds: number,
	value: T
): { promise: Promise<T>; cancel: Cancel } {
	let cancel: Cancel = () => {};
	const promise = new Promise<T>((resolve) => {
		cancel = runtime.after?.(ms(seconds * 1000), () => resolve(value)) ?? (() => {});
	});
	return { promise, cancel };
}

async function race<T>(runtime: Runtime, seconds: number, work: Promise<T>, late: T): Promise<T> {
	const timer = deadline(runtime, seconds, late);
	try {
		return await Promise.race([work, timer.promise]);
	} finally {
		timer.cancel();
	}
}

function network(
	t: ProbeTarget,
	port: number,
	request: string
): Promise<ForwardResult | 'timeout'> {
	const send = t.runtime.portForward;
	if (!send) return Promise.resolve({ type: 'refused' });
	const sent = send
		.call(t.runtime, t.host, port, new TextEncoder().encode(request), ip(t.hostIP))
		// A SYN the node's filter drops gets no answer: the probe times out.
		.then((r) => (r.type === 'dropped' ? new Promise<never>(() => {}) : r));
	return sent;
}

/** Runs `probe` once against `t`; never rejects. */
export async function runProbe(t: ProbeTarget, probe: Probe): Promise<ProbeOutcome> {
	const timeout = probe.timeoutSeconds ?? 1;
	if (probe.exec) {
		const argv = probe.exec.command ?? [];
		const done = t.runtime
			.exec(t.host, t.container.name, argv, '')
			.then((r): ProbeOutcome => {
				if (r.startError) return { ok: false, output: r.startError };
				return { ok: r.exitCode === 0, output: r.exitCode === 0 ? '' : `${r.stdout}${r.stderr}` };
			})
			.catch((e: unknown): ProbeOutcome => ({ ok: false, output: String(e) }));
		// pkg/probe/exec: a command that outlives timeoutSeconds is a failure.
		return race(t.runtime, timeout, done, {
			ok: false,
			output: `command ${JSON.stringify(argv.join(' '))} timed out`
		});
	}
	if (probe.httpGet) {
		const g = probe.httpGet;
		const port = resolvePort(t.container, g.port) ?? 0;
		const hostPort = `${g.host ?? t.podIP}:${port}`;
		const url = `${(g.scheme ?? 'HTTP').toLowerCase()}://${hostPort}${g.path ?? '/'}`;
		const request = httpProbeRequest(hostPort, g.path ?? '/', g);
		const r = await race(t.runtime, timeout, network(t, port, request), 'timeout' as const);
		if (r === 'timeout')
			return {
				ok: false,
				output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`
			};
		if (r.type === 'refused')
			return {
				ok: false,
				output: `Get "${url}": dial tcp ${hostPort}: connect: connection refused`
			};
		if (r.type === 'data' || r.type === 'reset') {
			const text = decoder.decode(r.bytes);
			if (text.length === 0) return { ok: false, output: `Get "${url}": EOF` };
			return httpOutcome(text);
		}
		return { ok: false, output: `Get "${url}": net/http: response too large` };
	}
	if (probe.tcpSocket) {
		const port = resolvePort(t.container, probe.tcpSocket.port) ?? 0;
		const hostPort = `${probe.tcpSocket.host ?? t.podIP}:${port}`;
		const r = await race(t.runtime, timeout, network(t, port, ''), 'timeout' as const);
		if (r === 'timeout') return { ok: false, output: `dial tcp ${hostPort}: i/o timeout` };
		if (r.type === 'refused')
			return { ok: false, output: `dial tcp ${hostPort}: connect: connection refused` };
		return { ok: true, output: '' };
	}
	// gRPC probes are refused when the pod is created (api/validate); nothing else is a probe.
	return { ok: false, output: 'unknown probe handler' };
}
