/**
 * The pieces under the hub's rules, table-driven: message schemas (shared with the page), codes
 * and secrets, the token bucket, and when a learner counts as stuck.
 */
import { describe, expect, it } from 'vitest';
import { hashSecret, newCode, newSecret, secretMatches } from '../../server/workshop/codes.ts';
import { TokenBucket } from '../../server/workshop/rate-limit.ts';
import { LIMITS, type LearnerRow } from '../../src/workshop/protocol.ts';
import { stuckReason } from '../../src/workshop/stuck.ts';
import { readyTally, stepHistogram } from '../../src/workshop/summary.ts';
import { fitProgress } from '../../src/workshop/fit.ts';
import {
	CODE_PATTERN,
	holdRequest,
	learnerJoin,
	learnerProgress,
	moveRequest,
	parseMessage
} from '../../src/workshop/validate.ts';
import { progress } from './client.ts';

describe('message schemas', () => {
	const join = { code: 'k7q2-m9xd-4fj8', name: 'Ada', learnerId: 'a-1', progress: null };
	it.each([
		['a good join', join, null],
		[
			'a name with control characters',
			{ ...join, name: 'Ada\u0007' },
			'name: has characters that are not allowed'
		],
		['a missing learner id', { ...join, learnerId: undefined }, 'learnerId: must be a string'],
		[
			'a learner id with spaces',
			{ ...join, learnerId: 'a b' },
			'learnerId: has characters that are not allowed'
		],
		['progress that is a list', { ...join, progress: [] }, 'progress: must be an object'],
		[
			'a negative step',
			{ ...join, progress: progress({ step: 0 }) },
			'progress.step: must be an integer from 1 to 1000'
		],
		[
			'a fractional seq',
			{ ...join, progress: progress({ seq: 1.5 }) },
			'progress.seq: must be an integer'
		],
		[
			'a prototype key',
			JSON.parse('{"__proto__": 1, "code": "k7q2-m9xd-4fj8"}'),
			'__proto__: is not a known field'
		]
	])('%s', (_, input, error) => {
		const r = parseMessage(learnerJoin, input);
		if (error === null) expect(r.ok).toBe(true);
		else expect(r).toMatchObject({ ok: false, error: expect.stringContaining(error) });
	});

	it('trims and collapses a display name', () => {
		const r = parseMessage(learnerJoin, { ...join, name: '  Ada   Lovelace ' });
		expect(r.ok && r.value.name).toBe('Ada Lovelace');
	});

	it('takes a hold or its release, and a move with or without one learner', () => {
		expect(parseMessage(holdRequest, null)).toEqual({ ok: true, value: null });
		expect(parseMessage(holdRequest, { lesson: 'waypoints', step: 2 }).ok).toBe(true);
		expect(parseMessage(moveRequest, { lesson: 'waypoints', step: 2 })).toEqual({
			ok: true,
			value: { lesson: 'waypoints', step: 2 }
		});
		expect(parseMessage(moveRequest, { lesson: 'waypoints', step: 2, learnerId: 7 })).toMatchObject(
			{ ok: false }
		);
	});

	it('measures size in UTF-8 bytes', () => {
		const emoji = '🙂'.repeat(LIMITS.messageBytes / 4);
		expect(parseMessage(holdRequest, { lesson: emoji, step: 1 })).toMatchObject({
			ok: false,
			error: expect.stringMatching(/^message too large/)
		});
	});
});

describe('codes and secrets', () => {
	it('makes readable codes of 62 bits and 128-bit secrets, keeping only a hash', () => {
		const codes = new Set(Array.from({ length: 1000 }, newCode));
		expect(codes.size).toBe(1000);
		for (const c of codes) expect(c).toMatch(CODE_PATTERN);
		expect(12 * Math.log2(36)).toBeGreaterThan(50);
		const secret = newSecret();
		expect(Buffer.from(secret, 'base64url')).toHaveLength(16);
		const hash = hashSecret(secret);
		expect(hash).not.toContain(secret);
		expect(secretMatches(secret, hash)).toBe(true);
		expect(secretMatches(`${secret}x`, hash)).toBe(false);
		expect(secretMatches(secret, 'short')).toBe(false);
	});
});

describe('token bucket', () => {
	it('allows a burst, refuses the rest, refills with time', () => {
		let t = 0;
		const bucket = new TokenBucket(3, 2, () => t);
		expect([1, 2, 3, 4].map(() => bucket.take())).toEqual([true, true, true, false]);
		t = 499;
		expect(bucket.take()).toBe(false);
		t = 500;
		expect(bucket.take()).toBe(true);
		t = 60_000;
		expect([1, 2, 3, 4].map(() => bucket.take())).toEqual([true, true, true, false]);
	});
});

describe('stuck learners', () => {
	const row = (over: Parameters<typeof progress>[0]): LearnerRow => ({
		learnerId: 'a',
		name: 'Ada',
		connected: true,
		lastSeen: 0,
		progress: progress(over)
	});
	const min = 60_000;
	it.each([
		['moving along', row({ lastProgressAt: 0 }), 4 * min, null],
		['idle past the limit', row({ lastProgressAt: 0 }), 5 * min, 'idle'],
		['idle but the step passed', row({ lastProgressAt: 0, stepPassed: true }), 30 * min, null],
		[
			'the same check failing three commands in a row',
			row({ lastProgressAt: 0, failing: { name: 'x', evidence: [], count: 3 } }),
			0,
			'failing'
		],
		[
			'failing twice',
			row({ lastProgressAt: 0, failing: { name: 'x', evidence: [], count: 2 } }),
			0,
			null
		],
		['in the sandbox', row({ lesson: null, lastProgressAt: 0 }), 30 * min, null]
	])('%s', (_, r, now, expected) => {
		expect(stuckReason(r, now, 5)).toBe(expected);
	});
});

describe('class summary', () => {
	const row = (
		id: string,
		connected: boolean,
		over: Parameters<typeof progress>[0]
	): LearnerRow => ({
		learnerId: id,
		name: id,
		connected,
		lastSeen: 0,
		progress: progress(over)
	});
	const rows = [
		row('a', true, { lesson: 'waypoints', step: 1, ready: { checkId: 'c2', ready: true } }),
		row('b', true, { lesson: 'join-the-mesh', step: 3, ready: { checkId: 'c2', ready: false } }),
		row('c', true, { lesson: 'join-the-mesh', step: 3, ready: { checkId: 'c1', ready: true } }),
		row('d', true, { lesson: 'join-the-mesh', step: 4 }),
		row('e', false, { lesson: 'join-the-mesh', step: 4, ready: { checkId: 'c2', ready: true } }),
		row('f', true, { lesson: null, step: null })
	];

	it('counts connected learners per step in the workshop’s lesson order', () => {
		expect(stepHistogram(rows, ['join-the-mesh', 'waypoints'])).toEqual([
			{ lesson: 'join-the-mesh', step: 3, learners: 2 },
			{ lesson: 'join-the-mesh', step: 4, learners: 1 },
			{ lesson: 'waypoints', step: 1, learners: 1 }
		]);
	});

	it('tallies answers to the open ready check only', () => {
		expect(readyTally(rows, { id: 'c2', openedAt: 0 })).toEqual({
			ready: 2,
			notYet: 1,
			unanswered: 3
		});
		expect(readyTally(rows, null)).toEqual({ ready: 0, notYet: 0, unanswered: 0 });
	});
});

describe('fitting progress to the limits before sending', () => {
	it('turns oversized, out-of-range and unprintable progress into a message the hub takes', () => {
		const wild = progress({
			seq: 3.7,
			stepTitle: 'S'.repeat(1000),
			step: 0,
			hintsUsed: -2,
			checksTotal: Infinity,
			stepStartedAt: 12.5,
			failing: { name: 'n\u202eame', evidence: Array(20).fill('e'.repeat(900)), count: 2 },
			recentCommands: Array.from({ length: 9 }, (_, i) => ({
				text: `cmd ${i} ${'x'.repeat(400)}`,
				exitCode: 300
			}))
		});
		expect(parseMessage(learnerProgress, wild).ok).toBe(false);
		const fit = fitProgress(wild);
		expect(parseMessage(learnerProgress, fit)).toEqual({ ok: true, value: fit });
		expect(fit.stepTitle).toHaveLength(LIMITS.titleChars);
		expect(fit.stepTitle?.endsWith('…')).toBe(true);
		expect(fit.failing?.evidence).toHaveLength(LIMITS.evidenceLines);
		expect(fit.failing?.name).toBe('name');
		expect(fit.recentCommands.map((c) => c.text.slice(0, 5))).toEqual([
			'cmd 4',
			'cmd 5',
			'cmd 6',
			'cmd 7',
			'cmd 8'
		]);
		expect(fit.step).toBe(1);
	});

	it('leaves progress that already fits unchanged', () => {
		const p = progress({ recentCommands: [{ text: 'kubectl get pods', exitCode: 0 }] });
		expect(fitProgress(p)).toEqual(p);
	});

	it('refuses a display name with a direction override', () => {
		expect(
			parseMessage(learnerJoin, {
				code: 'k7q2-m9xd-4fj8',
				name: 'evil\u202eoln',
				learnerId: 'x',
				progress: null
			})
		).toMatchObject({ ok: false, error: 'name: has characters that are not allowed' });
	});
});
