/**
 * The instructor's (and the presenter view's) side of the hub: joins with the secret on every
 * connect, keeps the class as rows the hub sends, and carries the instructor's actions. The hub
 * checks the secret on every action; this page only relays what it answers.
 */
import { t } from '../i18n/i18n.svelte.ts';
import { io, type Socket } from 'socket.io-client';
import {
	EVENTS,
	type Ack,
	type DashboardSnapshot,
	type LearnerRow,
	type StepRef,
	type WorkshopInfo
} from '../../workshop/protocol.ts';
import type { Connection } from './workshop-client.svelte.ts';

export class InstructorClient {
	readonly code: string;
	connection = $state<Connection>('connecting');
	workshop = $state.raw<WorkshopInfo | undefined>(undefined);
	rows = $state.raw<readonly LearnerRow[]>([]);
	/** The hub refused the join (wrong secret, unknown code): shown instead of the class. */
	error = $state<string | undefined>(undefined);
	/** The last action's outcome, for a status line. */
	result = $state<string | undefined>(undefined);
	/** Wall time, ticking once a second: "time on step" and stuck flags are live. */
	now = $state(Date.now());

	readonly #secret: string;
	readonly #socket: Socket;
	readonly #tick: ReturnType<typeof setInterval>;

	constructor(code: string, secret: string, url?: string) {
		this.code = code;
		this.#secret = secret;
		this.#tick = setInterval(() => (this.now = Date.now()), 1000);
		const socket = url ? io(url, { autoConnect: !!secret }) : io({ autoConnect: !!secret });
		this.#socket = socket;
		socket.on('connect', () => this.#join());
		socket.on('connect_error', () => (this.connection = 'reconnecting'));
		socket.on('disconnect', () => (this.connection = 'reconnecting'));
		socket.on(EVENTS.workshopUpdate, (info: WorkshopInfo) => (this.workshop = info));
		socket.on(EVENTS.dashboardLearner, (row: LearnerRow) => this.#upsert(row));
		socket.on(EVENTS.dashboardSnapshot, (s: DashboardSnapshot) => this.#snapshot(s));
		if (!secret) {
			this.error =
				'this link has no instructor secret (#secret=…): open the Instructor link the hub printed';
			this.connection = 'offline';
			socket.disconnect();
		}
	}

	dispose(): void {
		clearInterval(this.#tick);
		this.#socket.disconnect();
	}

	#join(): void {
		this.#socket
			.timeout(10_000)
			.emit(
				EVENTS.instructorJoin,
				{ code: this.code, secret: this.#secret },
				(err: Error | null, ack: Ack<DashboardSnapshot>) => {
					if (err) return;
					if (!ack.ok) {
						this.error = ack.error;
						this.connection = 'offline';
						this.#socket.disconnect();
						return;
					}
					this.error = undefined;
					this.connection = 'connected';
					this.#snapshot(ack);
				}
			);
	}

	#snapshot(s: DashboardSnapshot): void {
		this.workshop = s.workshop;
		this.rows = s.learners;
	}

	#upsert(row: LearnerRow): void {
		const i = this.rows.findIndex((r) => r.learnerId === row.learnerId);
		// Progress arrives in seq order per learner, but a row from a reconnect may be older.
		const had = i >= 0 ? this.rows[i] : undefined;
		if (
			had?.progress &&
			row.progress &&
			row.progress.seq < had.progress.seq &&
			row.connected === had.connected
		)
			return;
		this.rows = i < 0 ? [...this.rows, row] : this.rows.with(i, row);
	}

	/** Sends an action; resolves with the hub's answer and says it in `result`. */
	async #act<T extends object = object>(
		event: string,
		payload: unknown,
		done: string
	): Promise<Ack<T>> {
		let ack: Ack<T>;
		try {
			ack = (await this.#socket.timeout(10_000).emitWithAck(event, payload)) as Ack<T>;
		} catch {
			ack = { ok: false, error: 'the workshop hub did not answer (reconnecting?)' };
		}
		this.result = ack.ok ? done : t('result.refused', { error: ack.error });
		return ack;
	}

	announce(text: string): Promise<Ack> {
		return this.#act(EVENTS.instructorAnnounce, { text }, t('result.announced'));
	}
	move(to: StepRef, learnerId?: string): Promise<Ack> {
		const who = learnerId
			? (this.rows.find((r) => r.learnerId === learnerId)?.name ?? learnerId)
			: t('result.everyone');
		return this.#act(
			EVENTS.instructorMove,
			learnerId ? { ...to, learnerId } : to,
			t('result.offered', { lesson: to.lesson, step: to.step, who })
		);
	}
	hold(at: StepRef | null): Promise<Ack> {
		return this.#act(
			EVENTS.instructorHold,
			at,
			at ? t('result.holding', { lesson: at.lesson, step: at.step }) : t('result.released')
		);
	}
	resetStep(learnerId: string): Promise<Ack> {
		const name = this.rows.find((r) => r.learnerId === learnerId)?.name ?? learnerId;
		return this.#act(EVENTS.instructorResetStep, { learnerId }, t('result.reset', { name }));
	}
	readyCheck(open: boolean): Promise<Ack> {
		return this.#act(
			EVENTS.instructorReadyCheck,
			{ open },
			open ? t('result.checkOpen') : t('result.checkClosed')
		);
	}
	/** The class's progress as CSV (the hub builds it), or undefined when refused. */
	async exportCsv(): Promise<string | undefined> {
		const ack = await this.#act<{ csv: string }>(
			EVENTS.instructorExport,
			null,
			t('result.exported')
		);
		return ack.ok ? ack.csv : undefined;
	}
}
