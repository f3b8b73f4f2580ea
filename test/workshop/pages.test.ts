/**
 * The page side of a workshop that runs without a browser: the learner's name and id kept per
 * workshop, the instructor's secret read from the fragment, which page an address opens, the
 * dashboard's row view, the lesson pane's hold and lesson limits, and the BroadcastChannel
 * presenter link (Node 20 has BroadcastChannel).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LessonChannel, heldBack, type LessonControl } from '../../src/lessons/activity.ts';
import type { LearnerRow } from '../../src/workshop/protocol.ts';
import { duration, rowView, sortRows } from '../../src/ui/workshop/dashboard-model.ts';
import {
	displayName,
	forgetIdentity,
	instructorSecret,
	loadIdentity,
	saveIdentity,
	workshopParams,
	type KeyValue
} from '../../src/ui/workshop/identity.ts';
import {
	PRESENTER_CHANNEL,
	startSpeaker,
	type PresenterMessage
} from '../../src/ui/workshop/presenter-link.ts';
import { progress } from './client.ts';

function memory(): KeyValue & { map: Map<string, string> } {
	const map = new Map<string, string>();
	return {
		map,
		getItem: (k) => map.get(k) ?? null,
		setItem: (k, v) => void map.set(k, v),
		removeItem: (k) => void map.delete(k)
	};
}

const blocked: KeyValue = {
	getItem: () => {
		throw new Error('SecurityError');
	},
	setItem: () => {
		throw new Error('SecurityError');
	},
	removeItem: () => {
		throw new Error('SecurityError');
	}
};

describe('display names', () => {
	it.each([
		['  Ada   Lovelace ', { name: 'Ada Lovelace' }],
		['', { error: 'Type a name the instructor will see.' }],
		['   ', { error: 'Type a name the instructor will see.' }],
		['x'.repeat(41), { error: 'A name has at most 40 characters.' }],
		['x'.repeat(40), { name: 'x'.repeat(40) }],
		['bell\u0007', { error: 'A name cannot hold control characters.' }]
	])('%j → %j', (raw, expected) => expect(displayName(raw)).toEqual(expected));
});

describe('learner identity per workshop', () => {
	it('keeps the name with one random id; a new name keeps the id; forget drops both', () => {
		const s = memory();
		let n = 0;
		const newId = () => `id-${++n}`;
		expect(loadIdentity(s, 'abcd-efgh-ijkl')).toBeUndefined();
		expect(saveIdentity(s, 'abcd-efgh-ijkl', 'Ada', newId)).toEqual({
			name: 'Ada',
			learnerId: 'id-1'
		});
		expect(saveIdentity(s, 'abcd-efgh-ijkl', 'Ada L', newId)).toEqual({
			name: 'Ada L',
			learnerId: 'id-1'
		});
		expect(loadIdentity(s, 'abcd-efgh-ijkl')).toEqual({ name: 'Ada L', learnerId: 'id-1' });
		expect(loadIdentity(s, 'zzzz-zzzz-zzzz')).toBeUndefined();
		forgetIdentity(s, 'abcd-efgh-ijkl');
		expect(loadIdentity(s, 'abcd-efgh-ijkl')).toBeUndefined();
	});

	it('ignores a tampered entry and copes with blocked storage', () => {
		const s = memory();
		s.setItem('mesh-playground:workshop:c', '{"name":"Ada","learnerId":"../../x"}');
		expect(loadIdentity(s, 'c')).toBeUndefined();
		s.setItem('mesh-playground:workshop:c', 'not json');
		expect(loadIdentity(s, 'c')).toBeUndefined();
		expect(loadIdentity(blocked, 'c')).toBeUndefined();
		expect(saveIdentity(blocked, 'c', 'Ada', () => 'id-9')).toEqual({
			name: 'Ada',
			learnerId: 'id-9'
		});
	});
});

describe('instructor secret', () => {
	it('comes from the fragment, is kept for a reload, and is per workshop', () => {
		const s = memory();
		expect(instructorSecret('#secret=s3cr%2Bt', s, 'w1')).toBe('s3cr+t');
		expect(instructorSecret('', s, 'w1')).toBe('s3cr+t');
		expect(instructorSecret('', s, 'w2')).toBeUndefined();
		expect(instructorSecret('#secret=abc', blocked, 'w1')).toBe('abc');
	});
});

describe('which page an address opens', () => {
	it.each([
		['', { code: undefined, view: 'learner' }],
		['?workshop=abcd-efgh-ijkl', { code: 'abcd-efgh-ijkl', view: 'learner' }],
		['?workshop=abcd-efgh-ijkl&view=instructor', { code: 'abcd-efgh-ijkl', view: 'instructor' }],
		['?view=presenter', { code: undefined, view: 'presenter' }],
		['?workshop=&view=bogus', { code: undefined, view: 'learner' }]
	])('%s', (search, expected) => expect(workshopParams(search)).toEqual(expected));
});

describe('dashboard rows', () => {
	const now = 1_700_000_000_000;
	const row = (name: string, over: Partial<LearnerRow> = {}, p = {}): LearnerRow => ({
		learnerId: name.toLowerCase(),
		name,
		connected: true,
		lastSeen: now,
		progress: progress({ stepStartedAt: now - 125_000, lastProgressAt: now - 1000, ...p }),
		...over
	});

	it('shows where the learner is, checks, and the time on the step', () => {
		const v = rowView(row('Ada', {}, { checksPassed: 1 }), now, 5);
		expect(v).toMatchObject({
			where: 'Join the mesh with one label · step 1/3',
			checks: '1/2',
			onStep: '2:05',
			stuck: null
		});
		expect(rowView(row('Bob', { progress: null }), now, 5)).toMatchObject({
			where: 'sandbox',
			onStep: '–'
		});
	});

	it('puts stuck learners first, offline ones last', () => {
		const views = [
			row('Cy', { connected: false }),
			row('Ada'),
			row('Bob', {}, { failing: { name: 'x', evidence: [], count: 3 } })
		].map((r) => rowView(r, now, 5));
		expect(sortRows(views).map((v) => [v.row.name, v.stuck])).toEqual([
			['Bob', 'failing'],
			['Ada', null],
			['Cy', null]
		]);
	});

	it.each([
		[0, '0:00'],
		[59_999, '0:59'],
		[3_600_000 + 61_000, '1:01:01'],
		[-5, '0:00']
	])('duration(%i) = %s', (ms, text) => expect(duration(ms)).toBe(text));
});

describe('hold and lesson limits on the lesson channel', () => {
	it('a hold closes steps past it, in its lesson only', () => {
		const limits = { lessons: [], hold: { lesson: 'l4', step: 2 } };
		expect(heldBack(limits, 'l4', 2)).toBeUndefined();
		expect(heldBack(limits, 'l4', 3)).toBe('Held by your instructor at step 2');
		expect(heldBack(limits, 'other', 9)).toBeUndefined();
	});

	it('tells listeners the limits now and on every change', () => {
		const ch = new LessonChannel();
		const seen: unknown[] = [];
		const off = ch.onLimits((l) => seen.push(l.hold));
		ch.setLimits({ lessons: ['a'], hold: { lesson: 'a', step: 1 } });
		off();
		ch.setLimits({ lessons: [], hold: null });
		expect(seen).toEqual([null, { lesson: 'a', step: 1 }]);
		expect(ch.limits.hold).toBeNull();
	});
});

describe('presenter link over BroadcastChannel', () => {
	const stops: (() => void)[] = [];
	afterEach(() => stops.splice(0).forEach((s) => s()));

	function follower(): {
		next: () => Promise<PresenterMessage>;
		hello: () => void;
		queued: () => number;
	} {
		const bc = new BroadcastChannel(PRESENTER_CHANNEL);
		stops.push(() => bc.close());
		const queue: PresenterMessage[] = [];
		let wake: (() => void) | undefined;
		bc.onmessage = (e: MessageEvent<PresenterMessage>) => {
			queue.push(e.data);
			wake?.();
		};
		return {
			hello: () => bc.postMessage({ type: 'hello' }),
			queued: () => queue.length,
			next: async () => {
				while (queue.length === 0) await new Promise<void>((r) => (wake = r));
				return queue.shift()!;
			}
		};
	}

	it('sends nothing until a follower says hello, then the screen and lesson step as they change', async () => {
		let text = '$ ';
		const channel = new LessonChannel();
		const control: LessonControl = {
			current: () => ({ lesson: 'l4', step: 2 }),
			open: async () => undefined,
			openText: async () => undefined,
			goTo: async () => undefined,
			reset: async () => undefined,
			status: () => ({
				lesson: 'l4',
				lessonTitle: 'L4 policy',
				step: 2,
				stepTitle: 'Deny',
				stepsTotal: 3,
				stepsDone: 1,
				checksPassed: 0,
				checksTotal: 1,
				stepPassed: false,
				hintsUsed: 0,
				solveUsed: false,
				failing: null
			})
		};
		channel.attach(control);
		stops.push(startSpeaker({ terminalText: () => text, channel }));
		const f = follower();
		await new Promise((r) => setTimeout(r, 600));
		expect(f.queued()).toBe(0);
		f.hello();
		const first = await f.next();
		expect(first).toMatchObject({
			type: 'screen',
			text: '$ ',
			lesson: { title: 'L4 policy', step: 2, stepTitle: 'Deny', stepsTotal: 3 }
		});
		text = '$ kubectl get pods\nNAME READY\n$ ';
		const second = await f.next();
		expect(second).toMatchObject({ type: 'screen', text });
	});
});
