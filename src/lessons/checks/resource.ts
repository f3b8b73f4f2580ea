/** `resource`: an object exists (or not) with the given labels and fields, read from the API server. */
import type { ApiServer, ResourceType } from '../../mesh/api/api-server.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { FieldMatcher, ResourcePredicate } from '../types.ts';
import { containsAll, describePattern, missing } from './list-pattern.ts';
import { safeRegex } from './safe-regex.ts';

export { safeRegex, type LessonPattern } from './safe-regex.ts';

export interface Verdict {
	readonly passed: boolean;
	readonly evidence: string[];
}

export function fieldAt(object: unknown, path: string): unknown {
	// `metadata.annotations.ambient\.istio\.io/redirection`: a backslash escapes a dot.
	const parts = path.split(/(?<!\\)\./).map((p) => p.replace(/\\\./g, '.'));
	let at: unknown = object;
	for (const p of parts) {
		if (at === null || typeof at !== 'object') return undefined;
		at = Array.isArray(at) && /^\d+$/.test(p) ? at[Number(p)] : (at as Record<string, unknown>)[p];
	}
	return at;
}

export function matches(value: unknown, matcher: FieldMatcher): boolean {
	if (typeof matcher === 'object') {
		if ('exists' in matcher) return (value !== undefined && value !== null) === matcher.exists;
		if ('contains' in matcher) return containsAll(value, matcher.contains);
		if (value === undefined || value === null) return false;
		const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
		return safeRegex(matcher.matches).test(text);
	}
	return value !== undefined && String(value) === String(matcher);
}

function show(value: unknown): string {
	return value === undefined
		? '<none>'
		: typeof value === 'object'
			? JSON.stringify(value)
			: String(value);
}

function mismatches(object: KubeObject, p: ResourcePredicate): string[] {
	const out: string[] = [];
	for (const [key, m] of Object.entries(p.labels ?? {})) {
		const v = object.metadata.labels?.[key];
		if (!matches(v, m)) out.push(`label ${key} is ${show(v)}, expected ${describeMatcher(m)}`);
	}
	const conditions = new Set<string>();
	for (const [path, m] of Object.entries(p.fields ?? {})) {
		const v = fieldAt(object, path);
		if (matches(v, m)) continue;
		const condition = /^status\.conditions\.(\d+)\./.exec(path);
		if (condition) conditions.add(condition[1] as string);
		else if (path === 'status.conditions' && typeof m === 'object' && 'contains' in m)
			out.push(...conditionsSay(object, m.contains));
		else if (typeof m === 'object' && 'contains' in m)
			out.push(
				...missing(v, m.contains).map((x) =>
					Array.isArray(v)
						? `${path} has no entry with ${describePattern(x)}`
						: `${path} is ${show(v)}, expected a list with ${describePattern(x)}`
				)
			);
		else out.push(`${path} is ${show(v)}, expected ${describeMatcher(m)}`);
	}
	for (const i of conditions) out.push(conditionSays(object, Number(i)));
	return out;
}

/** A `status.conditions` contains-check that failed, in the controller's words. */
function conditionsSay(object: KubeObject, wanted: readonly unknown[]): string[] {
	const list = fieldAt(object, 'status.conditions');
	const all = Array.isArray(list) ? list : [];
	const out: string[] = [];
	for (const pattern of wanted) {
		const type = (pattern as { type?: unknown } | null)?.type;
		const i = all.findIndex((c) => (c as { type?: unknown } | null)?.type === type);
		if (i >= 0) out.push(conditionSays(object, i));
		else {
			out.push(`its status has no ${String(type ?? 'such')} condition`);
			all.forEach((_, j) => out.push(conditionSays(object, j)));
		}
	}
	return out;
}

/** What the controller wrote, in its own words: `WaypointAccepted is False (reason): message`. */
function conditionSays(object: KubeObject, index: number): string {
	const c = fieldAt(object, `status.conditions.${index}`) as
		{ type?: unknown; status?: unknown; reason?: unknown; message?: unknown } | undefined;
	if (!c || typeof c !== 'object') return 'its status has no such condition yet';
	const reason = typeof c.reason === 'string' && c.reason ? ` (${c.reason})` : '';
	const message = typeof c.message === 'string' && c.message ? `: ${c.message}` : '';
	return `its status says ${String(c.type)} is ${String(c.status)}${reason}${message}`;
}

export function describeMatcher(m: FieldMatcher): string {
	if (typeof m !== 'object') return JSON.stringify(m);
	if ('contains' in m) return `a list with ${m.contains.map(describePattern).join('; ')}`;
	return 'exists' in m ? (m.exists ? 'set' : 'absent') : `to match /${m.matches}/`;
}

/** `AuthorizationPolicy default/deny-all`, `Namespace default`: the object as a learner names it. */
function objectName(type: ResourceType, o: KubeObject): string {
	return type.namespaced
		? `${type.kind} ${o.metadata.namespace ?? 'default'}/${o.metadata.name}`
		: `${type.kind} ${o.metadata.name}`;
}

export function evaluateResource(api: ApiServer, p: ResourcePredicate): Verdict {
	const type = api.resolve(p.kind);
	const wantExists = p.exists ?? true;
	if (!type) {
		return {
			passed: !wantExists,
			evidence: [`the server doesn't have a resource type "${p.kind}" (is its CRD installed?)`]
		};
	}
	const ns = type.namespaced ? (p.namespace ?? 'default') : undefined;
	const where = ns ? ` in namespace ${ns}` : '';
	let candidates: KubeObject[];
	if (p.name !== undefined) {
		const got = api.get(type, ns, p.name);
		candidates = 'metadata' in got ? [got] : [];
	} else {
		const got = api.list(type, ns ? { namespace: ns } : {});
		candidates = Array.isArray(got) ? got : [];
	}
	if (p.name === undefined && p.labels) {
		const labelled = candidates.filter((o) =>
			Object.entries(p.labels ?? {}).every(([k, m]) => matches(o.metadata.labels?.[k], m))
		);
		if (labelled.length === 0) {
			const sel = Object.entries(p.labels)
				.map(([k, m]) => `${k}=${describeMatcher(m)}`)
				.join(', ');
			return { passed: !wantExists, evidence: [`no ${type.kind} with ${sel}${where}`] };
		}
		candidates = labelled;
	}
	if (candidates.length === 0) {
		return {
			passed: !wantExists,
			evidence: [`no ${type.kind}${p.name ? ` named ${p.name}` : ''}${where}`]
		};
	}
	const report = candidates.map((o) => ({ o, problems: mismatches(o, p) }));
	const hit = report.find((r) => r.problems.length === 0);
	if (hit) {
		// With `exists: false` the object found is the one at fault (a leftover policy).
		return {
			passed: wantExists,
			evidence: [`${objectName(type, hit.o)} ${wantExists ? 'matches' : 'is still there'}`]
		};
	}
	return {
		passed: !wantExists,
		evidence: report
			.slice(0, 3)
			.flatMap((r) => r.problems.map((m) => `${objectName(type, r.o)}: ${m}`))
	};
}
