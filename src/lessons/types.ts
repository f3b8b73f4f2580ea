/**
 * The lesson format, as the loader returns it. A lesson is data only (DESIGN.md "Lessons are
 * data"): markdown, YAML checks and shell commands the learner could type. Nothing here runs code
 * from the lesson, so a lesson loaded from any URL is safe.
 */
import type { Scenario } from '../shell/playground.ts';

export type Level = 'beginner' | 'intermediate' | 'advanced';

/** Where a lesson (or a step with its own setup) starts. */
export interface LessonSetup {
	/** What the cluster boots with; the page boots `bookinfo`. */
	readonly scenario: Scenario;
	/** Run silently, in order, after the scenario is deployed (manifests already inlined). */
	readonly commands: readonly string[];
}

/** A "what will happen?" question the learner answers before running a command. */
export interface Prediction {
	readonly question: string;
	readonly choices: readonly string[];
	/** Index into `choices`. */
	readonly answer: number;
	/**
	 * Shown, with right or wrong, once the prediction is settled: the learner ran `settledBy`
	 * (or, without it, the step's check passed). Until then the answer stays hidden.
	 */
	readonly explain: string;
	/** The command that shows the answer, as a learner types it (a list gives alternatives). */
	readonly settledBy?: string | readonly string[];
}

/** A recap question: answered after the lesson, its explanation shown once answered. */
export interface QuizQuestion {
	readonly question: string;
	readonly choices: readonly string[];
	/** Index into `choices`. */
	readonly answer: number;
	/** Why the right answer is right; shown after the learner answers, right or wrong. */
	readonly explain: string;
}

/** What a lesson taught, in a few lines, and questions that test it. */
export interface Recap {
	/** Markdown. */
	readonly text: string;
	readonly quiz: readonly QuizQuestion[];
	/** 1-based line of the `## Recap` heading. */
	readonly line: number;
}

/**
 * A hint. With `when`, it speaks to what the learner did (a `spiffe://` principal, a pod
 * carrying `use-waypoint`): offered before the others while `when` holds, never while it does not.
 */
export interface Hint {
	/** Markdown. */
	readonly text: string;
	/** A condition over the cluster, the traffic and the command log, as in a check. */
	readonly when?: Condition;
}

/** One item of a check. Exactly one predicate key (or combinator) is set. */
export type Condition = ConditionMeta & Predicate;

export interface ConditionMeta {
	/** The checklist item's text. Required at the top level of a check. */
	readonly name?: string;
	/** What to tell the learner when this condition fails. */
	readonly failure?: string;
	/**
	 * The checklist text once the step's prediction is settled, when it gives the answer away;
	 * until then the item shows `name` (which must not) and hides its evidence.
	 */
	readonly settledName?: string;
}

export type Predicate =
	| { readonly allOf: readonly Condition[] }
	| { readonly anyOf: readonly Condition[] }
	| { readonly not: Condition }
	| { readonly resource: ResourcePredicate }
	| { readonly traffic: TrafficPredicate }
	| { readonly probe: ProbePredicate }
	| { readonly ran: RanPredicate }
	| { readonly commandRan: CommandRanPredicate }
	| { readonly output: OutputPredicate }
	| { readonly looked: LookedPredicate }
	| { readonly capture: CapturePredicate };

/**
 * A field value: equal to a scalar, or `{ matches: regex }`, or `{ exists: bool }`, or
 * `{ contains: [pattern…] }`: a list holding an element like each pattern, in any order.
 */
export type FieldMatcher =
	| string
	| number
	| boolean
	| { readonly matches: string }
	| { readonly exists: boolean }
	| { readonly contains: readonly ListPattern[] };

/**
 * What a list element must look like: a scalar (equal), a mapping (those keys match, others
 * may be anything) or a list (holds an element like each of its patterns, in any order).
 */
export type ListPattern =
	string | number | boolean | { readonly [key: string]: ListPattern } | readonly ListPattern[];

export interface ResourcePredicate {
	/** What `kubectl get` accepts: `namespace`, `ns`, `authorizationpolicy`, `peerauthentications` … */
	readonly kind: string;
	/** Omitted: any object of the kind (in `namespace`) that matches the other matchers. */
	readonly name?: string;
	/** For namespaced kinds; default `default`. */
	readonly namespace?: string;
	/** Label key → matcher (equal value, `{ exists: false }` for "absent"). */
	readonly labels?: Readonly<Record<string, FieldMatcher>>;
	/** Dotted path (`spec.action`, `spec.mtls.mode`, `metadata.annotations.x`) → matcher. */
	readonly fields?: Readonly<Record<string, FieldMatcher>>;
	/** Default true; false: no such object. */
	readonly exists?: boolean;
}

/**
 * Names workloads the way a learner thinks of them: `curl` is the pods labelled `app=curl` in
 * `default` (and the Service `curl` there); `other/curl` is namespace `other`.
 */
export type WorkloadRef = string;

export interface TrafficPredicate {
	readonly from: WorkloadRef;
	readonly to: WorkloadRef;
	/** Judged on the latest matching connection since the step started. */
	readonly mtls?: boolean;
	/** true/false: through any waypoint or none; a string: through that waypoint (`ns/name`). */
	readonly waypoint?: boolean | string;
	readonly result?: 'allowed' | 'denied';
	/** `namespace/name` of the policy that decided. */
	readonly policy?: string;
	/** The client's SPIFFE id as the deciding proxy saw it (`spiffe://cluster.local/ns/…`). */
	readonly identity?: string;
	/** HTTP status of the response. */
	readonly status?: number;
}

export interface ProbePredicate {
	/** The pod to run in: a WorkloadRef or `deploy/NAME` (in `namespace`). */
	readonly from: string;
	readonly namespace?: string;
	readonly container?: string;
	/** A command line without shell syntax: `curl -s http://productpage:9080/productpage`. */
	readonly command: string;
	readonly expect: ProbeExpectation;
}

export interface ProbeExpectation {
	readonly exitCode?: number;
	/** Regex the output (stdout and stderr) must match. */
	readonly output?: string;
	/** Whether the probe's connection left the node over HBONE (mTLS). */
	readonly mtls?: boolean;
}

/**
 * The learner ran a command, compared on parsed argv: `kubectl get pods -o wide` is also met by
 * `kubectl get -o wide po` and `kubectl --namespace default get pods --output=wide`.
 */
export interface RanPredicate {
	/** As a learner would type it; a list gives alternatives. */
	readonly command: string | readonly string[];
	/** Default: any exit code. */
	readonly exitCode?: number;
	/** Regex its output (stdout and stderr) must match; never shown to the learner. */
	readonly prints?: string;
}

/** Prefer `ran`: a regex over the line rejects valid spellings. Kept for outside lessons. */
export interface CommandRanPredicate {
	/** Regex over the command line as typed. */
	readonly matches: string;
	/** Default: any exit code. */
	readonly exitCode?: number;
}

export interface OutputPredicate {
	/** Regex over the output (stdout and stderr) of a command run during the step. */
	readonly matches: string;
	/** Only commands whose line matches this regex. */
	readonly command?: string;
}

/** The page's views a look step sends the learner to (their tab ids). */
export const LOOK_VIEWS = ['topology', 'traces', 'capture', 'cost'] as const;
/** Views that show the cluster's state, not its traffic: seen once on screen during the step. */
export const STATE_VIEWS: readonly LookView[] = ['cost'];
export type LookView = (typeof LOOK_VIEWS)[number];

/**
 * The learner had `view` on screen while it showed this step's traffic (the page reports what
 * is on screen; Solve and lessons:check open it). Pair it with what the view shows: `capture`,
 * `traffic` (`mtls`: the lock on a topology edge; `waypoint`; `policy`: the denying hop).
 */
export interface LookedPredicate {
	readonly view: LookView;
}

/**
 * Segments in the capture since the step started (the engine's probes left out): what the
 * Capture view lists.
 */
export interface CapturePredicate {
	/** Only segments to or from this port. */
	readonly port?: number;
	/** `http`: plaintext HTTP (a request or status line); `tls`: a TLS record (ciphertext). */
	readonly payload?: 'http' | 'tls';
	/** true: only segments from one node to another (on the wire, not pod ↔ its own ztunnel). */
	readonly betweenNodes?: boolean;
	/** Default true; false: no such segment. */
	readonly exists?: boolean;
}

export interface Step {
	/**
	 * `challenge`: the text states a symptom and a goal; the page offers hints, never Solve,
	 * so the solution (which lessons:check and replays still run) is never shown.
	 */
	readonly kind: 'step' | 'challenge';
	readonly title: string;
	/** Markdown shown to the learner (check, hint and solution blocks removed). */
	readonly text: string;
	readonly hints: readonly Hint[];
	/** Commands, in order (manifests become `kubectl apply -f - <<EOF`). */
	readonly solution: readonly string[];
	/** Top-level conditions: the checklist, all must pass. */
	readonly check: readonly Condition[];
	/** Wrong answers: commands that must NOT pass the check (lessons:check runs them). */
	readonly wrong: readonly (readonly string[])[];
	/**
	 * Other right answers (another spelling, another name, another order): commands that MUST
	 * pass the check (lessons:check runs them), so a check never rejects a valid answer.
	 */
	readonly valid: readonly (readonly string[])[];
	/** Own starting point instead of the previous step's end state. */
	readonly setup?: LessonSetup;
	readonly predict?: Prediction;
	/** Estimated minutes (the ```instructor block's `minutes`): shown to learners too. */
	readonly minutes?: number;
	/** Markdown for instructors (what confuses people, what to show): instructor views only. */
	readonly notes?: string;
	/** 1-based line of the `## Step:` heading in lesson.md. */
	readonly line: number;
}

export interface Lesson {
	readonly id: string;
	readonly title: string;
	readonly summary: string;
	readonly level: Level;
	readonly minutes: number;
	readonly prerequisites: readonly string[];
	readonly setup: LessonSetup;
	readonly seed: number;
	/** The language of its prose (`lang` in front matter, `en` by default); see translation.ts. */
	readonly lang?: string;
	/** Markdown before the first step. */
	readonly intro: string;
	/** The intro's ```instructor notes: the lesson as a whole, for instructor views only. */
	readonly notes?: string;
	readonly steps: readonly Step[];
	/** The `## Recap` section: shown after the last step, with its quiz. */
	readonly recap?: Recap;
	/** The folder, e.g. `03-join-the-mesh`, when loaded from one. */
	readonly path?: string;
}

/** A problem in a lesson file, with where it is. */
export interface LessonProblem {
	/** `lessons/03-join-the-mesh/lesson.md` or as given to the loader. */
	readonly file: string;
	/** 1-based; 0 when the problem is not tied to a line. */
	readonly line: number;
	readonly message: string;
}
