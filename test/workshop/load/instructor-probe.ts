/**
 * The instructor's side of the load test: joins the dashboard, notes for each learner the highest
 * seq it has seen (from live rows and from snapshots after a reconnect), and the latency from a
 * learner's send to the row's arrival.
 */
import type { Socket } from 'socket.io-client';
import { EVENTS, type DashboardSnapshot, type LearnerRow } from '../../../src/workshop/protocol.ts';
import { ask, connect } from '../client.ts';

export class InstructorProbe {
	readonly socket: Socket;
	/** learnerId → highest seq seen. */
	readonly seen = new Map<string, number>();
	readonly latencies: number[] = [];
	/** `learnerId:seq` of every row that arrived live. */
	readonly live = new Set<string>();
	readonly connected = new Map<string, boolean>();
	snapshots = 0;
	errors = 0;
	readonly #sentAt: (learnerId: string, seq: number) => number | undefined;
	readonly #join: { readonly code: string; readonly secret: string };

	constructor(
		url: string,
		code: string,
		secret: string,
		sentAt: (learnerId: string, seq: number) => number | undefined
	) {
		this.#sentAt = sentAt;
		this.#join = { code, secret };
		this.socket = connect(url);
		this.socket.on(EVENTS.dashboardLearner, (row: LearnerRow) => this.#row(row, true));
		this.socket.on('connect', () => {
			ask<DashboardSnapshot>(this.socket, EVENTS.instructorJoin, this.#join, 10_000).then(
				(snap) => {
					if (!snap.ok) {
						this.errors++;
						return;
					}
					this.snapshots++;
					for (const row of snap.learners) this.#row(row, false);
				},
				() => this.errors++
			);
		});
	}

	#row(row: LearnerRow, live: boolean): void {
		this.connected.set(row.learnerId, row.connected);
		const seq = row.progress?.seq;
		if (seq === undefined) return;
		if (live) this.live.add(`${row.learnerId}:${seq}`);
		const before = this.seen.get(row.learnerId) ?? -1;
		if (seq <= before) return;
		this.seen.set(row.learnerId, seq);
		const sent = live ? this.#sentAt(row.learnerId, seq) : undefined;
		if (sent !== undefined) this.latencies.push(performance.now() - sent);
	}

	ready(): Promise<void> {
		return new Promise((ok) => {
			const check = () => (this.snapshots > 0 ? ok() : setTimeout(check, 20));
			check();
		});
	}

	/** A fresh snapshot, for the end of the run. */
	async snapshot(): Promise<DashboardSnapshot> {
		const snap = await ask<DashboardSnapshot>(
			this.socket,
			EVENTS.instructorJoin,
			this.#join,
			10_000
		);
		if (!snap.ok) throw new Error(snap.error);
		return snap;
	}

	close(): void {
		this.socket.disconnect();
	}
}
