/** `traffic`: the learner's latest connection from one workload to another, and how it went. */
import type { TrafficPredicate } from '../types.ts';
import { learnerCapture, learnerTraffic, type CheckContext } from './context.ts';
import { policyObject } from './decision.ts';
import { flowsFromCapture, flowsFromEvents, type Flow } from './flows.ts';
import type { Verdict } from './resource.ts';
import { resolveWorkload, waypointIps } from './workloads.ts';

export async function evaluateTraffic(ctx: CheckContext, p: TrafficPredicate): Promise<Verdict> {
	const api = ctx.cluster.api;
	const from = resolveWorkload(api, p.from);
	const to = resolveWorkload(api, p.to);
	let flows = flowsFromEvents(await learnerTraffic(ctx), from, to);
	if (flows.length === 0)
		flows = flowsFromCapture(await learnerCapture(ctx), from, to, waypointIps(api));
	const latest = flows.at(-1);
	if (!latest) {
		return {
			passed: false,
			evidence: [`no request from ${p.from} to ${p.to} since this step started`]
		};
	}
	const problems = mismatches(latest, p);
	// The object at fault comes first: it is what the learner must go and change.
	const verdict = latest.denied && problems.length > 0 ? [latest.denied] : [];
	return {
		passed: problems.length === 0,
		evidence: [...verdict, ...describeFlow(p, latest), ...problems]
	};
}

function describeFlow(p: TrafficPredicate, f: Flow): string[] {
	const how = f.mtls ? 'over mTLS (HBONE)' : 'in plaintext';
	const out = [
		`latest request ${p.from} → ${p.to} (${f.dst}) went ${how}${f.waypoint ? ` through waypoint ${f.waypoint}` : ''}: ${f.result}${f.status ? `, HTTP ${f.status}` : ''}${f.policy ? `, decided by ${policyObject(f.policy)}` : ''}${f.identity ? `, client ${f.identity}` : ''}${f.reason ? ` (${f.reason})` : ''}`
	];
	return [...out, ...f.hops.map((h) => `  hop: ${h}`)];
}

function mismatches(f: Flow, p: TrafficPredicate): string[] {
	const out: string[] = [];
	if (p.mtls !== undefined && f.mtls !== p.mtls)
		out.push(p.mtls ? 'expected mTLS, saw plaintext' : 'expected plaintext, saw mTLS');
	if (p.waypoint !== undefined) {
		const want = p.waypoint;
		if (want === true && !f.waypoint) out.push('expected it to go through a waypoint');
		if (want === false && f.waypoint) out.push(`expected no waypoint, went through ${f.waypoint}`);
		if (typeof want === 'string' && f.waypoint !== want)
			out.push(`expected waypoint ${want}, saw ${f.waypoint ?? 'none'}`);
	}
	if (p.result !== undefined && f.result !== p.result)
		out.push(`expected ${p.result}, was ${f.result}`);
	if (p.policy !== undefined && f.policy !== p.policy) {
		out.push(
			f.source === 'capture'
				? `expected policy ${p.policy}; the proxies did not report which policy decided`
				: `expected policy ${p.policy}, decided by ${f.policy ? policyObject(f.policy) : 'no policy'}`
		);
	}
	if (p.identity !== undefined && f.identity !== p.identity) {
		out.push(
			f.source === 'capture'
				? `expected the client to be ${p.identity}; the proxies did not report identities`
				: `expected the client to be ${p.identity}, the proxy saw ${f.identity ?? 'no identity'}`
		);
	}
	if (p.status !== undefined && f.status !== p.status)
		out.push(`expected HTTP ${p.status}, got ${f.status ?? 'no response'}`);
	return out;
}
