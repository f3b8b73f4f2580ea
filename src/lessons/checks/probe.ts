/**
 * `probe`: the engine sends a request itself, like `kubectl exec deploy/curl -- curl …`, and
 * checks the outcome. The probe's traffic is set aside so `traffic` conditions ignore it.
 */
import type { ProbePredicate } from '../types.ts';
import type { CheckContext } from './context.ts';
import { flowsFromCapture } from './flows.ts';
import { safeRegex, type Verdict } from './resource.ts';
import { resolveWorkload, waypointIps, type Workload } from './workloads.ts';

/**
 * Wall time a probe may take. Sim time cannot bound it: a server that accepts and never answers
 * (or a paused mesh) leaves no timer to fire, so the check would wait for ever. Like the setup
 * budget in engine.ts, it is wall time; the command itself is left to finish or not, as
 * `kubectl exec` leaves a process running when it is interrupted.
 */
export const PROBE_BUDGET_MS = 10_000;

/** Splits a command line into argv: quotes group, no expansion (lessons hold no code). */
export function splitArgs(line: string): string[] {
	const out: string[] = [];
	const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
	for (const m of line.matchAll(re))
		out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? ''));
	return out;
}

/** The host in `curl … http://host:port/…`, as a workload name. */
function target(argv: readonly string[]): string | undefined {
	const url = argv.find((a) => /^https?:\/\//.test(a));
	const host = url ? /^https?:\/\/([^/:]+)/.exec(url)?.[1] : undefined;
	if (!host) return undefined;
	const [name, ns] = host.split('.');
	return ns && ns !== 'svc' ? `${ns}/${name}` : name;
}

export async function evaluateProbe(ctx: CheckContext, p: ProbePredicate): Promise<Verdict> {
	const cluster = ctx.cluster;
	const from = resolveWorkload(cluster.api, p.from, p.namespace);
	const pod = from.pods[0];
	const argv = splitArgs(p.command);
	const shown = `kubectl exec ${p.from.startsWith('deploy/') ? p.from : `deploy/${from.name}`}${from.namespace === 'default' ? '' : ` -n ${from.namespace}`} -- ${p.command}`;
	if (!pod)
		return {
			passed: false,
			evidence: [`tried: ${shown}`, `no running pod for ${p.from} in namespace ${from.namespace}`]
		};
	const capStart = (await cluster.runtime.capture(Number.MAX_SAFE_INTEGER)).next;
	const trafficStart = (await cluster.runtime.traffic(Number.MAX_SAFE_INTEGER)).next;
	const budget = ctx.probeBudgetMs ?? PROBE_BUDGET_MS;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timedOut = new Promise<'timeout'>((resolve) => {
		timer = setTimeout(() => resolve('timeout'), budget);
	});
	const result = await Promise.race([
		cluster.exec(from.namespace, pod.metadata.name, p.container, argv, ''),
		timedOut
	]).finally(() => clearTimeout(timer));
	if (result === 'timeout')
		return {
			passed: false,
			evidence: [
				`tried: ${shown}`,
				`the probe did not finish within ${budget / 1000} s; a curl in a probe should set --max-time`
			]
		};
	await cluster.settle();
	const { entries, next: capEnd } = await cluster.runtime.capture(capStart);
	const trafficEnd = (await cluster.runtime.traffic(Number.MAX_SAFE_INTEGER)).next;
	ctx.probeRanges.capture.push([capStart, capEnd]);
	ctx.probeRanges.traffic.push([trafficStart, trafficEnd]);

	const evidence = [`tried: ${shown}`];
	if (!('exitCode' in result))
		return { passed: false, evidence: [...evidence, `error: ${result.message}`] };
	const output = result.stdout + result.stderr;
	const tail = output.trim().split('\n').slice(-3).join(' ⏎ ').slice(0, 200);
	evidence.push(`exit code ${result.exitCode}${tail ? `, output: ${tail}` : ', no output'}`);
	const problems: string[] = [];
	const e = p.expect;
	if (e.exitCode !== undefined && result.exitCode !== e.exitCode)
		problems.push(
			`expected exit code ${e.exitCode}${result.exitCode === 56 ? ' (56: the connection was reset, e.g. denied by a policy)' : ''}`
		);
	if (e.output !== undefined && !safeRegex(e.output).test(output))
		problems.push(`expected output to match /${e.output}/`);
	if (e.mtls !== undefined) {
		const name = target(argv);
		const to: Workload | undefined = name ? resolveWorkload(cluster.api, name) : undefined;
		const flow = to
			? flowsFromCapture(
					entries,
					{ ...from, podIps: new Set([(pod.status as { podIP?: string }).podIP ?? '']) },
					to,
					waypointIps(cluster.api)
				).at(-1)
			: undefined;
		if (!flow) problems.push('could not see the probe on the wire');
		else {
			evidence.push(
				`on the wire: ${flow.mtls ? 'HBONE (mTLS)' : 'plaintext'} — ${flow.hops.join('; ')}`
			);
			if (flow.mtls !== e.mtls)
				problems.push(e.mtls ? 'expected mTLS, saw plaintext' : 'expected plaintext, saw mTLS');
		}
	}
	return { passed: problems.length === 0, evidence: [...evidence, ...problems] };
}
