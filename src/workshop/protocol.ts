/**
 * The workshop protocol: what learners' tabs, the instructor's dashboard and the hub say to each
 * other over socket.io. One module of types shared by the hub (server/) and the page (src/ui);
 * the hub validates every incoming payload against these shapes (see `validate.ts`) and answers
 * a bad one with `{ ok: false, error }`, never by throwing or by dropping the room.
 *
 * Design rule: nothing is lost. A learner's progress lives in the learner's tab and is re-sent
 * whole (`learner:progress`, idempotent, numbered by `seq`) on every change and every
 * (re)connect; the hub may restart at any time and rebuilds the dashboard from what clients
 * send. What only the hub knows (settings, secret, hold, announcements, ready check) it keeps in
 * its store (a file by default, Redis with `--redis`).
 *
 * The hub keeps no session across connections: on every socket.io `connect` (the first and each
 * reconnect) a tab sends `learner:join` with its whole progress, an instructor or presenter page
 * `instructor:join`, whose ack carries the `DashboardSnapshot`.
 *
 * Steps are 1-based everywhere, as the UI counts them. Times are epoch milliseconds.
 */

/** Socket.io event names, by direction. */
export const EVENTS = {
	// learner → hub
	learnerJoin: 'learner:join',
	learnerProgress: 'learner:progress',
	learnerReady: 'learner:ready',
	/** The learner leaves the workshop: the hub drops their commands and evidence. */
	learnerLeave: 'learner:leave',
	// hub → learner
	workshopUpdate: 'workshop:update',
	workshopMove: 'workshop:move',
	workshopResetStep: 'workshop:reset-step',
	// instructor → hub
	instructorJoin: 'instructor:join',
	instructorAnnounce: 'instructor:announce',
	instructorMove: 'instructor:move',
	instructorHold: 'instructor:hold',
	instructorResetStep: 'instructor:reset-step',
	instructorReadyCheck: 'instructor:ready-check',
	instructorExport: 'instructor:export',
	// hub → instructor
	dashboardLearner: 'dashboard:learner',
	dashboardSnapshot: 'dashboard:snapshot'
} as const;

/** Every acknowledgement: success with a payload, or a message a person can read. */
export type Ack<T = object> =
	({ readonly ok: true } & T) | { readonly ok: false; readonly error: string };

export interface Announcement {
	readonly id: string;
	readonly text: string;
	readonly at: number;
}

export interface StepRef {
	/** Lesson id, e.g. `join-the-mesh`. */
	readonly lesson: string;
	readonly step: number;
}

/** What the hub remembers of a workshop and tells every member. Never carries the secret. */
export interface WorkshopInfo {
	readonly code: string;
	readonly title: string;
	/** Lesson ids the instructor chose, in order (empty: all bundled lessons). */
	readonly lessons: readonly string[];
	/** No learner proceeds past this step of this lesson until released (null). */
	readonly hold: StepRef | null;
	/** Newest last; the hub keeps the last 20. */
	readonly announcements: readonly Announcement[];
	/** An open "everyone ready?" question, or null. */
	readonly readyCheck: { readonly id: string; readonly openedAt: number } | null;
	/** A learner with no progress for this many minutes is flagged stuck (`stuck.ts`). */
	readonly stuckMinutes: number;
}

export interface CommandSummary {
	readonly text: string;
	readonly exitCode: number;
}

/** A learner's whole state, as their tab knows it; sent on every change and every reconnect. */
export interface LearnerProgress {
	/** Increases with every send from this tab; the hub ignores a seq it has already seen. */
	readonly seq: number;
	/** When the tab sent it (for the dashboard's latency figure). */
	readonly sentAt: number;
	/** Null while the learner is in the sandbox or the picker. */
	readonly lesson: string | null;
	readonly lessonTitle: string | null;
	readonly step: number | null;
	readonly stepTitle: string | null;
	readonly stepsTotal: number;
	/** Steps solved (by themselves or with help) in this lesson. */
	readonly stepsDone: number;
	/** The current step's checklist: items passing and total. */
	readonly checksPassed: number;
	readonly checksTotal: number;
	/** When the learner arrived at the current step. */
	readonly stepStartedAt: number | null;
	/** When the learner last made progress (a check item turned green, a step passed or opened). */
	readonly lastProgressAt: number | null;
	/** Hints revealed on the current step; whether Solve was used on it. */
	readonly hintsUsed: number;
	readonly solveUsed: boolean;
	/** The current step passed. */
	readonly stepPassed: boolean;
	/** The first failing check item, its evidence, and how many learner commands in a row left it failing. */
	readonly failing: {
		readonly name: string;
		readonly evidence: readonly string[];
		readonly count: number;
	} | null;
	/** The learner's last few commands (at most 5), shared only while in the workshop. */
	readonly recentCommands: readonly CommandSummary[];
	/** The learner's answer to the open ready check, if any. */
	readonly ready: { readonly checkId: string; readonly ready: boolean } | null;
}

/**
 * The hub takes the progress sent with `learner:join` whatever its seq (a reloaded tab may count
 * again from 1); after that it ignores a `learner:progress` whose seq is not above the last.
 */
export interface LearnerJoin {
	readonly code: string;
	/** Display name, 1–40 characters, trimmed; no account. */
	readonly name: string;
	/** Random id the tab keeps per workshop (so a reload is the same learner). */
	readonly learnerId: string;
	readonly progress: LearnerProgress | null;
}

export interface InstructorJoin {
	readonly code: string;
	readonly secret: string;
}

/** Why the dashboard flags a learner. */
export type StuckReason = 'idle' | 'failing';

/** One row of the instructor's dashboard. */
export interface LearnerRow {
	readonly learnerId: string;
	readonly name: string;
	readonly connected: boolean;
	/** Last time the hub heard from this learner. */
	readonly lastSeen: number;
	readonly progress: LearnerProgress | null;
}

/** instructor → hub payloads; each travels with the socket that joined as instructor. */
export interface MoveRequest extends StepRef {
	/** One learner, or everyone when absent. */
	readonly learnerId?: string;
}
export interface ResetStepRequest {
	readonly learnerId: string;
}
export interface AnnounceRequest {
	/** 1–500 characters. */
	readonly text: string;
}
export interface ReadyCheckRequest {
	readonly open: boolean;
}

/** hub → learner: the instructor asks this learner to go to a step; the learner accepts with one click. */
export interface MoveOffer extends StepRef {
	readonly id: string;
}

/** hub → instructor: the whole class; the `instructor:join` ack carries one. */
export interface DashboardSnapshot {
	readonly workshop: WorkshopInfo;
	readonly learners: readonly LearnerRow[];
}

/** Limits the hub enforces (and the page respects when sending). */
export const LIMITS = {
	/** Bytes of one incoming message, JSON-encoded. */
	messageBytes: 16 * 1024,
	nameChars: 40,
	announcementChars: 500,
	recentCommands: 5,
	commandChars: 300,
	evidenceLines: 8,
	evidenceChars: 300,
	announcementsKept: 20,
	lessonChars: 100,
	titleChars: 200,
	idChars: 64,
	steps: 1000,
	/** Learners one workshop takes (rows are kept for the whole workshop); the load test runs 500. */
	learners: 2000
} as const;
