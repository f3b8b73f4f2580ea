/**
 * A learner's tab in a workshop: joins the hub over socket.io, sends the whole progress on every
 * change and every (re)connect, and turns what the instructor sends into things the learner sees
 * (announcements, a move offer, a ready check) or the lesson pane obeys (the lessons offered, a
 * hold, a step reset). The mesh runs in the tab: without the hub only this badge changes.
 */
import { t } from '../i18n/i18n.svelte.ts';
import { io, type Socket } from 'socket.io-client';
import {
	NO_LIMITS,
	type LessonChannel,
	type LessonControl,
	type LessonStatus
} from '../../lessons/activity.ts';
import type { CommandLog } from '../../lessons/command-log.ts';
import { LearnerState } from '../../workshop/learner-state.ts';
import {
	EVENTS,
	type Ack,
	type LearnerJoin,
	type LearnerProgress,
	type MoveOffer,
	type StepRef,
	type WorkshopInfo
} from '../../workshop/protocol.ts';
import {
	learnerJoinAck,
	learnerProgress,
	moveOffer,
	parseMessage,
	stepRef,
	workshopInfo,
	type Schema
} from '../../workshop/validate.ts';
import { forgetIdentity, saveIdentity, loadIdentity, type KeyValue } from './identity.ts';

export type Connection = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Failed connection attempts after which the badge says offline rather than reconnecting. */
const OFFLINE_AFTER = 3;
/** Changes within this window go out as one progress message. */
const SEND_DELAY_MS = 150;

export interface WorkshopClientOptions {
	readonly code: string;
	readonly channel: LessonChannel;
	readonly commands: CommandLog;
	readonly storage: KeyValue;
	/** The hub's origin; the page's own by default. */
	readonly url?: string;
	/** Opens the socket: socket.io's io() by default (a test listens on the tab's own socket). */
	readonly connect?: (url: string | undefined) => Socket;
}

const ioConnect = (url: string | undefined): Socket => (url ? io(url) : io());

export class WorkshopClient {
	readonly code: string;
	connection = $state<Connection>('connecting');
	/** Set once the learner typed a name (or the tab remembered one). */
	name = $state<string | undefined>(undefined);
	workshop = $state.raw<WorkshopInfo | undefined>(undefined);
	/** Why the hub refused this tab (unknown code…). */
	error = $state<string | undefined>(undefined);
	offer = $state.raw<MoveOffer | undefined>(undefined);
	/** Something the instructor did to this learner's lesson, said once. */
	notice = $state<string | undefined>(undefined);
	/** The learner's answer to the open ready check. */
	answered = $state.raw<LearnerProgress['ready']>(null);
	dismissed = $state.raw<readonly string[]>([]);

	readonly #opts: WorkshopClientOptions;
	readonly #state = new LearnerState();
	#socket: Socket | undefined;
	#learnerId: string | undefined;
	#control: LessonControl | undefined;
	#failures = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#lastSent = '';
	#off: (() => void)[] = [];

	constructor(opts: WorkshopClientOptions) {
		this.#opts = opts;
		this.code = opts.code;
		const { channel, commands } = opts;
		this.#off.push(
			channel.subscribe((a) => {
				this.#state.activity(a, Date.now());
				this.#schedule();
			}),
			channel.onChange(() => this.#schedule()),
			commands.subscribe((r) => {
				this.#state.command(r, Date.now());
				this.#schedule();
			})
		);
		void channel.control().then((c) => {
			this.#control = c;
			this.#schedule();
		});
		const known = loadIdentity(opts.storage, opts.code);
		if (known) this.#connect(known.name, known.learnerId);
	}

	/** The learner typed a (checked) display name. */
	join(name: string): void {
		const id = saveIdentity(this.#opts.storage, this.code, name, () => crypto.randomUUID());
		this.#connect(id.name, id.learnerId);
	}

	/** Leaves the workshop: the hub drops this learner's commands and evidence; limits lifted. */
	leave(): void {
		const s = this.#socket;
		if (s?.connected) s.timeout(2000).emit(EVENTS.learnerLeave, null, () => s.disconnect());
		else s?.disconnect();
		this.#socket = undefined;
		forgetIdentity(this.#opts.storage, this.code);
		this.#opts.channel.setLimits(NO_LIMITS);
		this.name = undefined;
		this.workshop = undefined;
		this.connection = 'offline';
	}

	async acceptOffer(): Promise<void> {
		const offer = this.offer;
		this.offer = undefined;
		if (!offer) return;
		const control = await this.#opts.channel.control();
		const problem = await control.open(offer.lesson, offer.step);
		if (problem) this.notice = t('notice.offerFailed', { problem });
	}

	answerReady(ready: boolean): void {
		const check = this.workshop?.readyCheck;
		if (!check) return;
		this.#state.answerReady(check.id, ready);
		this.answered = this.#state.ready;
		this.#send();
	}

	dismiss(id: string): void {
		this.dismissed = [...this.dismissed, id];
	}

	dispose(): void {
		clearTimeout(this.#timer);
		for (const off of this.#off.splice(0)) off();
		this.#socket?.disconnect();
		this.#opts.channel.setLimits(NO_LIMITS);
	}

	#connect(name: string, learnerId: string): void {
		this.name = name;
		this.#learnerId = learnerId;
		this.#socket?.disconnect();
		const socket = (this.#opts.connect ?? ioConnect)(this.#opts.url);
		this.#socket = socket;
		socket.on('connect', () => {
			this.#failures = 0;
			this.connection = 'connected';
			this.#join(socket);
		});
		socket.on('connect_error', () => {
			this.#failures++;
			this.connection = this.#failures >= OFFLINE_AFTER ? 'offline' : 'reconnecting';
		});
		socket.on('disconnect', () => {
			if (this.#socket === socket) this.connection = 'reconnecting';
		});
		// The hub's frames are checked like the hub checks ours: one that does not fit is dropped.
		socket.on(EVENTS.workshopUpdate, (x: unknown) => {
			const info = fromHub(EVENTS.workshopUpdate, workshopInfo, x);
			if (info) this.#apply(info);
		});
		socket.on(EVENTS.workshopMove, (x: unknown) => {
			const offer = fromHub(EVENTS.workshopMove, moveOffer, x);
			if (offer) this.offer = offer;
		});
		socket.on(EVENTS.workshopResetStep, (x: unknown) => {
			const ref = fromHub(EVENTS.workshopResetStep, stepRef, x);
			if (ref) void this.#resetStep(ref);
		});
	}

	/** On every connect: the whole progress goes with the join, so a restarted hub is whole again. */
	#join(socket: Socket): void {
		const name = this.name;
		const learnerId = this.#learnerId;
		if (!name || !learnerId) return;
		this.#refresh();
		const progress = this.#state.progress(Date.now());
		const join: LearnerJoin = { code: this.code, name, learnerId, progress };
		socket.timeout(10_000).emit(EVENTS.learnerJoin, join, (err: Error | null, x: unknown) => {
			if (err) return; // no answer: socket.io reconnects and this runs again
			const ack = fromHub(EVENTS.learnerJoin, learnerJoinAck, x) ?? {
				ok: false,
				error: 'the workshop hub answered with something this page cannot read'
			};
			if (!ack.ok) {
				this.error = ack.error;
				// disconnect() reports 'disconnect' at once (→ reconnecting): offline comes after.
				socket.disconnect();
				this.connection = 'offline';
				return;
			}
			this.error = undefined;
			this.#lastSent = fingerprint(progress);
			this.#apply(ack.workshop);
		});
	}

	#apply(info: WorkshopInfo): void {
		this.workshop = info;
		this.#opts.channel.setLimits({ lessons: info.lessons, hold: info.hold });
		if (this.answered && info.readyCheck?.id !== this.answered.checkId) this.answered = null;
	}

	async #resetStep(ref: StepRef): Promise<void> {
		const control = await this.#opts.channel.control();
		const at = control.current();
		if (!at || at.lesson !== ref.lesson || at.step !== ref.step) return;
		const problem = await control.reset('step');
		this.notice = problem
			? t('notice.resetFailed', { problem })
			: t('notice.reset', { step: ref.step });
	}

	/** Reads the lesson pane's status into the state (skipped while the engine is busy). */
	#refresh(): void {
		const c = this.#control;
		if (!c) return;
		if (!c.current()) return this.#state.status(null, Date.now());
		const s: LessonStatus | undefined = c.status?.();
		if (s) this.#state.status(s, Date.now());
	}

	#schedule(): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => this.#send(), SEND_DELAY_MS);
	}

	#send(): void {
		clearTimeout(this.#timer);
		this.#refresh();
		const socket = this.#socket;
		if (!socket?.connected || !this.workshop) return;
		const progress = this.#state.progress(Date.now());
		const print = fingerprint(progress);
		if (print === this.#lastSent) return;
		const checked = parseMessage(learnerProgress, progress);
		if (!checked.ok) {
			console.warn('workshop: progress not sent:', checked.error);
			return;
		}
		this.#lastSent = print;
		socket.timeout(10_000).emit(EVENTS.learnerProgress, progress, (err: Error | null, ack: Ack) => {
			// Lost in a disconnect: the next connect re-sends the whole progress with the join.
			if (err || !ack.ok) this.#lastSent = '';
		});
	}
}

/** A frame from the hub if it fits `schema`; else a console warning and undefined. */
function fromHub<T>(event: string, schema: Schema<T>, x: unknown): T | undefined {
	// No size rule: 20 announcements of 500 CJK characters are bigger than a learner's message.
	const parsed = schema(x, '');
	if (parsed.ok) return parsed.value;
	console.warn(`workshop: ignored a ${event} frame from the hub: ${parsed.error}`);
	return undefined;
}

/** What the instructor would see change (everything but the send's own number and time). */
function fingerprint(p: LearnerProgress): string {
	return JSON.stringify({ ...p, seq: 0, sentAt: 0 });
}
