/**
 * Evaluates a step's check: each top-level condition is one checklist item. Combinators nest
 * (allOf, anyOf, not); leaves read the API server, the traffic, a probe or the command log.
 * Commands count only from the step's start, so earlier (or failed) commands never poison it.
 */
import type { Condition } from '../types.ts';
import { describeCapture, evaluateCapture } from './capture.ts';
import type { CheckContext } from './context.ts';
import { evaluateLooked, viewLabel } from './looked.ts';
import { evaluateProbe } from './probe.ts';
import { describeRan, evaluateRan } from './ran.ts';
import { describeMatcher, evaluateResource, safeRegex, type Verdict } from './resource.ts';
import type { CheckReport, ConditionResult } from './result.ts';
import { evaluateTraffic } from './traffic.ts';

export async function evaluateCheck(
	conditions: readonly Condition[],
	ctx: CheckContext
): Promise<CheckReport> {
	const results: ConditionResult[] = [];
	// Probes last: their traffic must not land in the window a `traffic` condition reads.
	const order = conditions.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c));
	const byIndex = new Map<number, ConditionResult>();
	for (const { c, i } of order) byIndex.set(i, await evaluateCondition(c, ctx));
	conditions.forEach((_, i) => results.push(byIndex.get(i) as ConditionResult));
	return { passed: results.every((r) => r.passed), conditions: results };
}

const rank = (c: Condition): number => (JSON.stringify(c).includes('"probe"') ? 1 : 0);

export async function evaluateCondition(c: Condition, ctx: CheckContext): Promise<ConditionResult> {
	const meta = { name: c.name ?? describe(c), ...(c.failure ? { failure: c.failure } : {}) };
	if ('allOf' in c || 'anyOf' in c) {
		const list = 'allOf' in c ? c.allOf : c.anyOf;
		const children: ConditionResult[] = [];
		for (const child of list) children.push(await evaluateCondition(child, ctx));
		const passed = 'allOf' in c ? children.every((r) => r.passed) : children.some((r) => r.passed);
		const evidence = children
			.filter((r) => r.passed !== 'allOf' in c)
			.flatMap((r) => [`${r.passed ? '✓' : '✗'} ${r.name}`, ...r.evidence.map((e) => `  ${e}`)]);
		return { ...meta, passed, evidence, children };
	}
	if ('not' in c) {
		const inner = await evaluateCondition(c.not, ctx);
		return { ...meta, passed: !inner.passed, evidence: inner.evidence, children: [inner] };
	}
	return { ...meta, ...(await leaf(c, ctx)) };
}

async function leaf(c: Condition, ctx: CheckContext): Promise<Verdict> {
	try {
		if ('resource' in c) return evaluateResource(ctx.cluster.api, c.resource);
		if ('traffic' in c) return await evaluateTraffic(ctx, c.traffic);
		if ('probe' in c) return await evaluateProbe(ctx, c.probe);
		if ('ran' in c) return await evaluateRan(ctx, c.ran);
		if ('looked' in c) return evaluateLooked(ctx, c.looked);
		if ('capture' in c) return await evaluateCapture(ctx, c.capture);
		const records = ctx.log.since(ctx.window.commands);
		if ('commandRan' in c) {
			const re = safeRegex(c.commandRan.matches);
			const want = c.commandRan.exitCode;
			const ran = records.filter((r) => re.test(r.command));
			const hit = ran.find((r) => want === undefined || r.exitCode === want);
			if (hit) return { passed: true, evidence: [`ran: ${hit.command.split('\n')[0]}`] };
			if (ran.length > 0)
				return {
					passed: false,
					evidence: [
						`ran \`${ran.at(-1)!.command.split('\n')[0]}\` but it exited with ${ran.at(-1)!.exitCode}, expected ${want}`
					]
				};
			// Never the regex: a learner reads this.
			return { passed: false, evidence: ['no command this step looks for yet'] };
		}
		if ('output' in c) {
			const cmd = c.output.command ? safeRegex(c.output.command) : undefined;
			const re = safeRegex(c.output.matches);
			const pool = records.filter((r) => !cmd || cmd.test(r.command));
			const hit = pool.find((r) => re.test(r.output));
			if (hit) return { passed: true, evidence: [`\`${hit.command.split('\n')[0]}\` printed it`] };
			return {
				passed: false,
				evidence: [
					pool.length === 0
						? 'no command this step looks for yet'
						: `${pool.length} command(s) ran, but none printed what this step looks for`
				]
			};
		}
		return { passed: false, evidence: ['unknown condition'] };
	} catch (e) {
		// A check must never take the lesson down; say what broke instead.
		return {
			passed: false,
			evidence: [`check error: ${e instanceof Error ? e.message : String(e)}`]
		};
	}
}

/** A checklist text for a condition without a name. */
export function describe(c: Condition): string {
	if ('resource' in c) {
		const r = c.resource;
		const bits = [
			...Object.entries(r.labels ?? {}).map(([k, m]) => `label ${k}=${describeMatcher(m)}`),
			...Object.entries(r.fields ?? {}).map(([k, m]) => `${k}=${describeMatcher(m)}`)
		];
		return `${r.exists === false ? 'no ' : ''}${r.kind}${r.name ? ` ${r.name}` : ''}${bits.length ? ` with ${bits.join(', ')}` : ''}`;
	}
	if ('traffic' in c) return `traffic ${c.traffic.from} → ${c.traffic.to}`;
	if ('probe' in c) return `${c.probe.from}: ${c.probe.command}`;
	if ('ran' in c) return describeRan(c.ran);
	if ('looked' in c) return `you looked at ${viewLabel(c.looked.view)}`;
	if ('capture' in c)
		return `${c.capture.exists === false ? 'no ' : ''}${describeCapture(c.capture)} in the capture`;
	if ('commandRan' in c) return 'ran the command this step asks for';
	if ('output' in c) return 'a command printed what this step looks for';
	if ('not' in c) return `not: ${describe(c.not)}`;
	const list = 'allOf' in c ? c.allOf : c.anyOf;
	return list.map(describe).join('allOf' in c ? ' and ' : ' or ');
}

export type { Verdict };
