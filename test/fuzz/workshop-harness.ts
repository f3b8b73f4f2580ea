/**
 * A real workshop hub in-process with three clients: Alice (a learner whose row the fuzz must
 * not touch), the instructor (who sees the class), and Mallory, who sends the fuzzed frames.
 * Every frame with an acknowledgement must get exactly one readable answer; every few frames the
 * class is checked: Alice's row and the workshop's settings as they were, every row valid, Alice
 * heard nothing, and the hub still takes Alice's progress.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { startWorkshopServer, type WorkshopServer } from '../../server/workshop/server.ts';
import {
	EVENTS,
	type Ack,
	type DashboardSnapshot,
	type LearnerProgress
} from '../../src/workshop/protocol.ts';
import { learnerProgress, parseMessage, CODE_PATTERN } from '../../src/workshop/validate.ts';
import { ask, connect, progress } from '../workshop/client.ts';
import type { WorkshopFrame } from './workshop-generator.ts';

const LEAKS = [
	/\bundefined\b/,
	/\[object Object\]/,
	/\b(Type|Range|Reference)Error\b/,
	/\bNaN\b/,
	/\n\s+at /
];
/**
 * An answer later than this is a hang. Generous: in the 100k run, beside three other fuzz and
 * test runs on two cores, two acks took over 3 s; neither came late when its seed ran alone.
 */
const ACK_TIMEOUT_MS = 15_000;
/** Events a learner may get `ok: true` for (Mallory never has the secret). */
const LEARNER_EVENTS: readonly string[] = [
	EVENTS.learnerJoin,
	EVENTS.learnerProgress,
	EVENTS.learnerLeave
];

export class WorkshopRig {
	hub!: WorkshopServer;
	alice!: Socket;
	instructor!: Socket;
	mallory!: Socket;
	readonly aliceHeard: string[] = [];
	#dir = '';
	#aliceProgress!: LearnerProgress;
	#workshop = '';
	/** Frames after which Mallory's connection was gone and a new one was opened. */
	reconnects = 0;

	async start(): Promise<void> {
		this.#dir = mkdtempSync(join(tmpdir(), 'workshop-fuzz-'));
		this.hub = await startWorkshopServer({
			dataDir: this.#dir,
			distDir: null,
			lessons: ['join-the-mesh'],
			// The rate limit is tested in rules.test.ts; here it would refuse most frames unread.
			rate: { burst: 1_000_000, perSecond: 1_000_000 }
		});
		this.alice = connect(this.hub.url);
		this.#aliceProgress = progress({ seq: 1 });
		const joined = await ask(this.alice, EVENTS.learnerJoin, {
			code: this.hub.code,
			name: 'Alice',
			learnerId: 'alice',
			progress: this.#aliceProgress
		});
		if (!joined.ok) throw new Error(`alice could not join: ${joined.error}`);
		this.alice.onAny((event: string) => this.aliceHeard.push(event));
		this.instructor = connect(this.hub.url);
		const snap = await this.#snapshot();
		this.#workshop = JSON.stringify(snap.workshop);
		this.mallory = connect(this.hub.url);
		await new Promise<void>((resolve) => this.mallory.once('connect', () => resolve()));
	}

	async #snapshot(): Promise<DashboardSnapshot> {
		const ack = await ask<DashboardSnapshot>(this.instructor, EVENTS.instructorJoin, {
			code: this.hub.code,
			secret: this.hub.secret
		});
		if (!ack.ok) throw new Error(`the instructor could not join: ${ack.error}`);
		return ack;
	}

	/** Sends one frame from Mallory; what is wrong with the answer. */
	async send(frame: WorkshopFrame): Promise<string[]> {
		const problems: string[] = [];
		if (!this.mallory.connected) {
			this.mallory.disconnect();
			this.mallory = connect(this.hub.url);
			this.reconnects++;
			await new Promise<void>((resolve) => this.mallory.once('connect', () => resolve()));
		}
		if (frame.kind === 'raw') {
			(this.mallory.io.engine as unknown as { write(s: string): void }).write(frame.packet);
			await new Promise((resolve) => setTimeout(resolve, 5));
			return problems;
		}
		try {
			JSON.stringify(frame.args);
		} catch {
			// The client cannot encode it (a BigInt, a cycle): nothing would be sent.
			return problems;
		}
		let ack: Promise<unknown> | undefined;
		try {
			if (frame.ack)
				ack = this.mallory.timeout(ACK_TIMEOUT_MS).emitWithAck(frame.event, ...frame.args);
			else this.mallory.emit(frame.event, ...frame.args);
		} catch {
			// The client cannot encode it (a BigInt, a cycle): nothing was sent.
			return problems;
		}
		if (!ack) return problems;
		let answer: unknown;
		try {
			answer = await ack;
		} catch (e) {
			// Only a timeout is the hub's silence: any other rejection is the client failing to
			// encode the frame (socket.io-parser on `__proto__` keys next to binary), so nothing was
			// sent. A frame the hub disconnects for (too big for its buffer) has no answer either.
			const timedOut = e instanceof Error && /timed out/.test(e.message);
			if (timedOut && this.mallory.connected) problems.push(`no acknowledgement: ${String(e)}`);
			return problems;
		}
		problems.push(...ackProblems(frame.event, answer, JSON.stringify([frame.event, frame.args])));
		return problems;
	}

	/** The class is as it should be and the hub still serves Alice. */
	async check(): Promise<string[]> {
		const problems: string[] = [];
		if (this.aliceHeard.length > 0)
			problems.push(`Alice heard ${JSON.stringify(this.aliceHeard.splice(0))}`);
		const next = progress({ seq: this.#aliceProgress.seq + 1, sentAt: this.#aliceProgress.sentAt });
		const sent = await ask(this.alice, EVENTS.learnerProgress, next).catch((e: unknown) => ({
			ok: false as const,
			error: String(e)
		}));
		if (!sent.ok) problems.push(`Alice's progress was refused: ${sent.error}`);
		else this.#aliceProgress = next;
		const snap = await this.#snapshot();
		if (JSON.stringify(snap.workshop) !== this.#workshop)
			problems.push(`the workshop changed: ${this.#workshop} → ${JSON.stringify(snap.workshop)}`);
		const ids = new Set<string>();
		for (const row of snap.learners) {
			if (ids.has(row.learnerId)) problems.push(`two rows for ${row.learnerId}`);
			ids.add(row.learnerId);
			if (typeof row.name !== 'string' || row.name.length < 1 || row.name.length > 40)
				problems.push(`row ${row.learnerId} has name ${JSON.stringify(row.name)}`);
			if (row.progress !== null && !parseMessage(learnerProgress, row.progress).ok)
				problems.push(`row ${row.learnerId} has invalid progress`);
		}
		const alice = snap.learners.find((r) => r.learnerId === 'alice');
		if (!alice || alice.name !== 'Alice' || !alice.connected)
			problems.push(`Alice's row is ${JSON.stringify(alice)}`);
		else if (JSON.stringify(alice.progress) !== JSON.stringify(this.#aliceProgress))
			problems.push(`Alice's progress changed: ${JSON.stringify(alice.progress)}`);
		if (!CODE_PATTERN.test(snap.workshop.code)) problems.push('the workshop code changed shape');
		return problems;
	}

	async stop(): Promise<void> {
		for (const s of [this.alice, this.instructor, this.mallory]) s?.disconnect();
		await this.hub?.close();
		rmSync(this.#dir, { recursive: true, force: true });
	}
}

function ackProblems(event: string, answer: unknown, typed: string): string[] {
	if (typeof answer !== 'object' || answer === null)
		return [`acknowledged with ${JSON.stringify(answer)}`];
	const a = answer as Ack;
	if (a.ok === true)
		return LEARNER_EVENTS.includes(event)
			? []
			: [`"${event}" was accepted from a learner: ${JSON.stringify(a).slice(0, 300)}`];
	if (a.ok !== false || typeof a.error !== 'string' || a.error.trim() === '')
		return [`acknowledged with ${JSON.stringify(a).slice(0, 300)}`];
	// Words the frame itself carried may come back quoted in the error.
	const leak = LEAKS.find((re) => re.test(a.error) && !re.test(typed));
	return leak ? [`the error matches ${leak}: ${JSON.stringify(a.error.slice(0, 300))}`] : [];
}
