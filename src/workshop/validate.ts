/**
 * Schemas for every message a client sends the hub, and the size rule. The hub runs each payload
 * through one of these before it looks at it; the page may run them before sending. A schema
 * answers the value (typed) or a sentence naming the field, never throws. Pure TypeScript: no
 * Node or DOM APIs, so both sides share it.
 */
import {
	LIMITS,
	type Ack,
	type AnnounceRequest,
	type InstructorJoin,
	type LearnerJoin,
	type LearnerProgress,
	type MoveOffer,
	type MoveRequest,
	type ReadyCheckRequest,
	type ResetStepRequest,
	type StepRef,
	type WorkshopInfo
} from './protocol.ts';

export type Parsed<T> =
	{ readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** A schema: checks `x` at `path` and returns the value or the first problem. */
export type Schema<T> = (x: unknown, path: string) => Parsed<T>;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (path: string, what: string): { ok: false; error: string } => ({
	ok: false,
	error: `${path || 'message'}: ${what}`
});

export const string =
	(min: number, max: number, pattern?: RegExp): Schema<string> =>
	(x, path) => {
		if (typeof x !== 'string') return fail(path, 'must be a string');
		if (x.length < min || x.length > max)
			return fail(
				path,
				min === max ? `must be ${min} characters` : `must be ${min}–${max} characters`
			);
		if (pattern && !pattern.test(x)) return fail(path, 'has characters that are not allowed');
		return ok(x);
	};

export const integer =
	(min: number, max: number): Schema<number> =>
	(x, path) =>
		typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max
			? ok(x)
			: fail(path, `must be an integer from ${min} to ${max}`);

export const boolean: Schema<boolean> = (x, path) =>
	typeof x === 'boolean' ? ok(x) : fail(path, 'must be true or false');

export const nullable =
	<T>(inner: Schema<T>): Schema<T | null> =>
	(x, path) =>
		x === null ? ok(null) : inner(x, path);

export const optional =
	<T>(inner: Schema<T>): Schema<T | undefined> =>
	(x, path) =>
		x === undefined ? ok(undefined) : inner(x, path);

export const array =
	<T>(item: Schema<T>, max: number): Schema<T[]> =>
	(x, path) => {
		if (!Array.isArray(x)) return fail(path, 'must be a list');
		if (x.length > max) return fail(path, `must have at most ${max} items`);
		const out: T[] = [];
		for (let i = 0; i < x.length; i++) {
			const r = item(x[i], `${path}[${i}]`);
			if (!r.ok) return r;
			out.push(r.value);
		}
		return ok(out);
	};

type Shape = Record<string, Schema<unknown>>;
type FromShape<S extends Shape> = {
	-readonly [K in keyof S]: S[K] extends Schema<infer T> ? T : never;
};

/** An object with exactly these fields (unknown fields are refused: a typo should not pass silently). */
export const object =
	<S extends Shape>(shape: S): Schema<FromShape<S>> =>
	(x, path) => {
		if (typeof x !== 'object' || x === null || Array.isArray(x))
			return fail(path, 'must be an object');
		for (const key of Object.keys(x))
			if (!Object.hasOwn(shape, key))
				return fail(path ? `${path}.${key}` : key, 'is not a known field');
		const out: Record<string, unknown> = {};
		for (const [key, schema] of Object.entries(shape)) {
			const r = schema((x as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
			if (!r.ok) return r;
			if (r.value !== undefined) out[key] = r.value;
		}
		return ok(out as FromShape<S>);
	};

/**
 * Printable text: no control characters except tab and newline, and no zero-width or
 * direction-override characters (a name must not reorder the dashboard's text around it).
 */
// eslint-disable-next-line no-control-regex
const PRINTABLE = /^[^\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]*$/;
const ID = /^[A-Za-z0-9_-]+$/;
const time = integer(0, 8.64e15);
const text = (max: number) => string(0, max, PRINTABLE);
const id = string(1, LIMITS.idChars, ID);
const lessonId = string(1, LIMITS.lessonChars, /^[a-z0-9][a-z0-9-]*$/);
const step = integer(1, LIMITS.steps);
const count = integer(0, LIMITS.steps);

/** Workshop codes as the hub makes them: three groups of four, e.g. `k7q2-m9xd-4fj8`. */
export const CODE_PATTERN = /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/;
const code = string(14, 14, CODE_PATTERN);

export const stepRef: Schema<StepRef> = object({ lesson: lessonId, step });

export const learnerProgress: Schema<LearnerProgress> = object({
	seq: integer(0, Number.MAX_SAFE_INTEGER),
	sentAt: time,
	lesson: nullable(lessonId),
	lessonTitle: nullable(text(LIMITS.titleChars)),
	step: nullable(step),
	stepTitle: nullable(text(LIMITS.titleChars)),
	stepsTotal: count,
	stepsDone: count,
	checksPassed: count,
	checksTotal: count,
	stepStartedAt: nullable(time),
	lastProgressAt: nullable(time),
	hintsUsed: count,
	solveUsed: boolean,
	stepPassed: boolean,
	failing: nullable(
		object({
			name: text(LIMITS.titleChars),
			evidence: array(text(LIMITS.evidenceChars), LIMITS.evidenceLines),
			count: integer(0, 1_000_000)
		})
	),
	recentCommands: array(
		object({ text: text(LIMITS.commandChars), exitCode: integer(-1, 255) }),
		LIMITS.recentCommands
	),
	ready: nullable(object({ checkId: id, ready: boolean }))
});

export const learnerJoin: Schema<LearnerJoin> = (x, path) => {
	const r = object({
		code,
		name: string(1, 200, PRINTABLE),
		learnerId: id,
		progress: nullable(learnerProgress)
	})(x, path);
	if (!r.ok) return r;
	const name = r.value.name.trim().replace(/\s+/g, ' ');
	if (name.length < 1 || name.length > LIMITS.nameChars)
		return fail('name', `must be 1–${LIMITS.nameChars} characters`);
	return ok({ ...r.value, name });
};

export const instructorJoin: Schema<InstructorJoin> = object({ code, secret: string(1, 200) });
export const announceRequest: Schema<AnnounceRequest> = (x, path) => {
	const r = object({ text: text(LIMITS.announcementChars) })(x, path);
	if (!r.ok) return r;
	const trimmed = r.value.text.trim();
	return trimmed
		? ok({ text: trimmed })
		: fail('text', `must be 1–${LIMITS.announcementChars} characters`);
};
export const moveRequest: Schema<MoveRequest> = object({
	lesson: lessonId,
	step,
	learnerId: optional(id)
});
export const holdRequest: Schema<StepRef | null> = nullable(stepRef);
export const resetStepRequest: Schema<ResetStepRequest> = object({ learnerId: id });
export const readyCheckRequest: Schema<ReadyCheckRequest> = object({ open: boolean });

/*
 * What the hub sends a learner's tab. The tab checks these too: a hub is a server someone else
 * runs, and a frame the page cannot use must be dropped with a warning, not throw in a handler.
 */
const positive: Schema<number> = (x, path) =>
	typeof x === 'number' && Number.isFinite(x) && x > 0
		? ok(x)
		: fail(path, 'must be a positive number');

export const workshopInfo: Schema<WorkshopInfo> = object({
	code,
	title: string(0, 1000),
	lessons: array(lessonId, LIMITS.steps),
	hold: nullable(stepRef),
	announcements: array(
		object({ id, text: string(0, LIMITS.announcementChars), at: time }),
		LIMITS.announcementsKept
	),
	readyCheck: nullable(object({ id, openedAt: time })),
	stuckMinutes: positive
});
export const moveOffer: Schema<MoveOffer> = object({ id, lesson: lessonId, step });
/** The hub's answer to `learner:join`. */
export const learnerJoinAck: Schema<Ack<{ workshop: WorkshopInfo }>> = (x, path) => {
	if (typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false)
		return object({ ok: boolean, error: string(1, 2000) })(x, path) as Parsed<
			Ack<{ workshop: WorkshopInfo }>
		>;
	return object({ ok: boolean, workshop: workshopInfo })(x, path) as Parsed<
		Ack<{ workshop: WorkshopInfo }>
	>;
};

/** Size of a payload as JSON in UTF-8 bytes; `Infinity` when it cannot be encoded. */
export function jsonBytes(x: unknown): number {
	try {
		const json = JSON.stringify(x);
		return json === undefined ? 0 : new TextEncoder().encode(json).length;
	} catch {
		return Infinity;
	}
}

/** The size rule first (cheap to state, protects the schema walk), then the schema. */
export function parseMessage<T>(schema: Schema<T>, x: unknown): Parsed<T> {
	const bytes = jsonBytes(x);
	if (bytes > LIMITS.messageBytes)
		return {
			ok: false,
			error: `message too large: ${bytes} bytes, the limit is ${LIMITS.messageBytes}`
		};
	return schema(x, '');
}

/** For events that carry nothing (`learner:leave`, `instructor:export`). */
export const nothing: Schema<null> = (x, path) =>
	x === undefined || x === null ? ok(null) : fail(path, 'must be empty');
