/**
 * `ran:` conditions: the learner ran a command, compared on its parsed argv (invocation.ts), never
 * on its spelling. The author writes the command as a learner would type it; the learner's line
 * matches when it runs the same program and verb with at least the author's resources, flags
 * and values, in any order and form. Evidence is in words: a regex is never shown.
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import type { CommandRecord } from '../command-log.ts';
import type { RanPredicate } from '../types.ts';
import type { CheckContext } from './context.ts';
import { invocations, type FlagValue, type Invocation } from './invocation.ts';
import { safeRegex, type Verdict } from './resource.ts';

const patterns = (p: RanPredicate): readonly string[] =>
	typeof p.command === 'string' ? [p.command] : p.command;

const sameFlag = (want: FlagValue, got: FlagValue | undefined): boolean => {
	if (got === undefined) return false;
	if (Array.isArray(want)) return want.every((w) => (Array.isArray(got) ? got : [got]).includes(w));
	return String(want) === String(got);
};

/** What `wanted` asks for that `got` lacks (empty: `got` answers it). */
function missing(wanted: Invocation, got: Invocation): string[] {
	const out: string[] = [];
	for (const w of wanted.positional) if (!got.positional.includes(w)) out.push(w);
	for (const [name, value] of wanted.flags) {
		const have = got.flags.get(name);
		// No namespace flag means the context's, which is `default` here.
		if (name === 'namespace' && value === 'default' && have === undefined) continue;
		if (!sameFlag(value, have)) out.push(value === true ? `--${name}` : `--${name} ${value}`);
	}
	if (wanted.rest.length > 0) {
		if (wanted.rest[0] !== got.rest[0]) out.push(`-- ${wanted.rest.join(' ')}`);
		else for (const w of wanted.rest) if (!got.rest.includes(w)) out.push(w);
	}
	return out;
}

const samePath = (a: Invocation, b: Invocation): boolean =>
	a.program === b.program && a.path.join(' ') === b.path.join(' ');

const firstLine = (r: CommandRecord): string => r.command.split('\n')[0] ?? '';

interface Parsed {
	readonly record: CommandRecord;
	readonly calls: readonly Invocation[];
}

async function wantedCalls(p: RanPredicate, api: ApiServer): Promise<Invocation[]> {
	const out: Invocation[] = [];
	for (const text of patterns(p)) {
		const [first] = await invocations(text, api);
		if (first) out.push(first);
	}
	return out;
}

export async function evaluateRan(ctx: CheckContext, p: RanPredicate): Promise<Verdict> {
	const api = ctx.cluster.api;
	const wanted = await wantedCalls(p, api);
	if (wanted.length === 0)
		return {
			passed: false,
			evidence: ['the lesson asks for a command this playground cannot read']
		};
	const records = ctx.log.since(ctx.window.commands);
	const parsed: Parsed[] = [];
	for (const record of records)
		parsed.push({ record, calls: await invocations(record.command, api) });
	const matching = parsed.filter((r) =>
		r.calls.some((c) => wanted.some((w) => samePath(w, c) && missing(w, c).length === 0))
	);
	const exitOk = (r: Parsed): boolean =>
		p.exitCode === undefined || r.record.exitCode === p.exitCode;
	const prints = p.prints === undefined ? undefined : safeRegex(p.prints);
	const hit = matching.find((r) => exitOk(r) && (!prints || prints.test(r.record.output)));
	if (hit) return { passed: true, evidence: [`ran: ${firstLine(hit.record)}`] };
	const last = matching.at(-1);
	if (last && !exitOk(last))
		return {
			passed: false,
			evidence: [`\`${firstLine(last.record)}\` exited with ${last.record.exitCode}`]
		};
	if (last)
		return {
			passed: false,
			evidence: [
				`\`${firstLine(last.record)}\` ran, but its output did not show what this step looks for`
			]
		};
	// The nearest miss: the same verb with something left out.
	for (const r of [...parsed].reverse()) {
		for (const c of r.calls) {
			const w = wanted.find((x) => samePath(x, c));
			if (w)
				return {
					passed: false,
					evidence: [`\`${firstLine(r.record)}\` ran, but without ${missing(w, c).join(', ')}`]
				};
		}
	}
	const first = wanted[0] as Invocation;
	return {
		passed: false,
		evidence: [`no \`${[first.program, ...first.path].join(' ')}\` in this step yet`]
	};
}

/** The checklist text for an unnamed `ran:` condition. */
export function describeRan(p: RanPredicate): string {
	return `ran \`${patterns(p).join('` or `')}\``;
}
