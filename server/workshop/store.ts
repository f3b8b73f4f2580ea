/**
 * What the hub remembers itself: each workshop's settings, secret hash, hold, announcements and
 * ready check (`WorkshopRecord`), and the class roster (the latest row per learner). Records must
 * survive a restart; the roster need not (learners re-send their progress on reconnect), but with
 * Redis it is shared so any instance can answer a dashboard snapshot.
 */
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Announcement, LearnerRow, StepRef } from '../../src/workshop/protocol.ts';

export interface WorkshopRecord {
	readonly code: string;
	readonly title: string;
	readonly lessons: readonly string[];
	readonly secretHash: string;
	readonly hold: StepRef | null;
	readonly announcements: readonly Announcement[];
	readonly readyCheck: { readonly id: string; readonly openedAt: number } | null;
	readonly stuckMinutes: number;
	readonly createdAt: number;
}

export interface WorkshopStore {
	get(code: string): Promise<WorkshopRecord | undefined>;
	put(record: WorkshopRecord): Promise<void>;
	getRow(code: string, learnerId: string): Promise<LearnerRow | undefined>;
	putRow(code: string, row: LearnerRow): Promise<void>;
	rows(code: string): Promise<LearnerRow[]>;
	/**
	 * Sets a row's `connected` (and `lastSeen`) in one atomic step, leaving its progress as the
	 * latest writer left it: a disconnect on one instance must not undo a rejoin on another.
	 */
	setConnected(
		code: string,
		learnerId: string,
		connected: boolean,
		lastSeen: number
	): Promise<LearnerRow | undefined>;
	close(): Promise<void>;
}

const CODE_FILE = /^[a-z0-9-]+\.json$/;

/**
 * The embedded default: one JSON file per workshop under `dir`, written whole to a temporary file
 * and renamed (a crash mid-write leaves the old file), writes to one file queued in order. The
 * roster is kept in memory.
 */
export class FileStore implements WorkshopStore {
	readonly #dir: string;
	readonly #records = new Map<string, WorkshopRecord>();
	readonly #rosters = new Map<string, Map<string, LearnerRow>>();
	readonly #writes = new Map<string, Promise<void>>();

	private constructor(dir: string) {
		this.#dir = dir;
	}

	static async open(dir: string): Promise<FileStore> {
		const store = new FileStore(dir);
		await mkdir(dir, { recursive: true });
		for (const name of await readdir(dir)) {
			if (!CODE_FILE.test(name)) continue;
			try {
				const record = JSON.parse(await readFile(join(dir, name), 'utf8')) as WorkshopRecord;
				store.#records.set(record.code, record);
			} catch {
				// A damaged file is skipped, not fatal: the other workshops still load.
				console.warn(`workshop store: skipping unreadable ${join(dir, name)}`);
			}
		}
		return store;
	}

	async get(code: string): Promise<WorkshopRecord | undefined> {
		return this.#records.get(code);
	}

	async put(record: WorkshopRecord): Promise<void> {
		this.#records.set(record.code, record);
		const file = join(this.#dir, `${record.code}.json`);
		const previous = this.#writes.get(record.code) ?? Promise.resolve();
		const next = previous.then(async () => {
			const tmp = `${file}.tmp`;
			await writeFile(tmp, JSON.stringify(this.#records.get(record.code), null, '\t'));
			await rename(tmp, file);
		});
		this.#writes.set(record.code, next);
		await next;
	}

	async getRow(code: string, learnerId: string): Promise<LearnerRow | undefined> {
		return this.#rosters.get(code)?.get(learnerId);
	}

	async putRow(code: string, row: LearnerRow): Promise<void> {
		let roster = this.#rosters.get(code);
		if (!roster) this.#rosters.set(code, (roster = new Map()));
		roster.set(row.learnerId, row);
	}

	async rows(code: string): Promise<LearnerRow[]> {
		return [...(this.#rosters.get(code)?.values() ?? [])];
	}

	async setConnected(
		code: string,
		learnerId: string,
		connected: boolean,
		lastSeen: number
	): Promise<LearnerRow | undefined> {
		const roster = this.#rosters.get(code);
		const row = roster?.get(learnerId);
		if (!roster || !row) return undefined;
		const next = { ...row, connected, lastSeen };
		roster.set(learnerId, next);
		return next;
	}

	async close(): Promise<void> {
		await Promise.all(this.#writes.values());
	}
}
