/**
 * Frames a hostile or broken client could send the workshop hub: every event name the protocol
 * has (the hub's own outgoing ones too), made-up ones, valid payloads with one field damaged,
 * garbage of every type, extra arguments, no acknowledgement, and raw engine.io packets that are
 * not socket.io at all.
 */
import { EVENTS, LIMITS } from '../../src/workshop/protocol.ts';
import { anyValue, damage, text } from './message-generator.ts';
import type { Prng } from './prng.ts';

export type WorkshopFrame =
	| {
			readonly kind: 'emit';
			readonly event: string;
			readonly args: readonly unknown[];
			readonly ack: boolean;
	  }
	| { readonly kind: 'raw'; readonly packet: string };

/** socket.io-client refuses to emit these itself; a raw packet can still carry them. */
const RESERVED = new Set([
	'connect',
	'connect_error',
	'disconnect',
	'disconnecting',
	'newListener',
	'removeListener'
]);
const KEYS = [
	'code',
	'name',
	'learnerId',
	'progress',
	'secret',
	'text',
	'lesson',
	'step',
	'open',
	'seq',
	'sentAt',
	'recentCommands',
	'failing',
	'ready',
	'checkId',
	'__proto__'
];

/** The fuzzer's own learner ids: a handful, so the roster stays small and rejoins happen. */
export const FUZZ_IDS = ['m-1', 'm-2', 'm-3', 'm_4', 'M5'];

export function fuzzProgress(rng: Prng, seq: number): Record<string, unknown> {
	return {
		seq,
		sentAt: 1_700_000_000_000,
		lesson: rng.pick(['join-the-mesh', null]),
		lessonTitle: 'Join the mesh',
		step: rng.pick([1, 2, null]),
		stepTitle: null,
		stepsTotal: 3,
		stepsDone: rng.int(4),
		checksPassed: 0,
		checksTotal: 2,
		stepStartedAt: null,
		lastProgressAt: null,
		hintsUsed: 0,
		solveUsed: false,
		stepPassed: false,
		failing: rng.chance(0.5)
			? null
			: { name: 'x', evidence: ['e'.repeat(rng.pick([1, LIMITS.evidenceChars]))], count: 1 },
		recentCommands: rng.chance(0.5) ? [] : [{ text: 'kubectl get pods', exitCode: 0 }],
		ready: null
	};
}

function validPayload(rng: Prng, event: string, code: string): unknown {
	switch (event) {
		case EVENTS.learnerJoin:
			return {
				code: rng.chance(0.8) ? code : 'aaaa-bbbb-cccc',
				name: rng.pick(['Mallory', ' M  x ', 'n'.repeat(40), 'n'.repeat(41)]),
				learnerId: rng.pick(FUZZ_IDS),
				progress: rng.chance(0.5) ? null : fuzzProgress(rng, rng.int(100))
			};
		case EVENTS.learnerProgress:
			return fuzzProgress(rng, rng.int(1000));
		case EVENTS.instructorJoin:
			return { code, secret: rng.pick(['x'.repeat(22), '', 'wrong']) };
		case EVENTS.instructorAnnounce:
			return { text: 'free pizza' };
		case EVENTS.instructorMove:
			return {
				lesson: 'join-the-mesh',
				step: 2,
				...(rng.chance(0.5) ? { learnerId: 'alice' } : {})
			};
		case EVENTS.instructorHold:
			return rng.chance(0.5) ? null : { lesson: 'join-the-mesh', step: 1 };
		case EVENTS.instructorResetStep:
			return { learnerId: 'alice' };
		case EVENTS.instructorReadyCheck:
			return { open: rng.chance(0.5) };
		default:
			return null;
	}
}

export function workshopFrame(rng: Prng, code: string): WorkshopFrame {
	if (rng.chance(0.03))
		return {
			kind: 'raw',
			// socket.io packets, written straight into the engine.io connection.
			packet: rng.pick([
				'2' + text(rng),
				'2["learner:join",' + text(rng),
				'3' + rng.int(10) + '[]',
				'51-["learner:join",{"_placeholder":true,"num":0}]',
				'0' + text(rng),
				'1',
				'2[' + '['.repeat(rng.range(10, 3000)),
				'2' + JSON.stringify([text(rng), text(rng)]),
				'9',
				''
			])
		};
	const known = Object.values(EVENTS) as string[];
	let event = rng.chance(0.85)
		? rng.pick(known)
		: rng.chance(0.5)
			? text(rng).slice(0, 300)
			: rng.pick(['', '__proto__', 'constructor', 'toString']);
	if (RESERVED.has(event)) event = `${event}!`;
	const valid = validPayload(rng, event, code);
	const payload = rng.weighted<() => unknown>([
		[3, () => valid],
		[
			5,
			() =>
				valid && typeof valid === 'object'
					? damage(rng, valid as Record<string, unknown>, KEYS)
					: anyValue(rng, 2, KEYS)
		],
		[2, () => anyValue(rng, 3, KEYS)]
	])();
	const args = rng.chance(0.1)
		? [payload, anyValue(rng, 1, KEYS)]
		: rng.chance(0.05)
			? []
			: [payload];
	return { kind: 'emit', event, args, ack: rng.chance(0.85) };
}
