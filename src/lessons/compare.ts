/**
 * "Compare with a model answer" (the Svelte tutorial's "show me" flip): once a step passed, the
 * learner's own commands of the step beside its solution. Pure: the engine hands in the command
 * log's records of the step's window; the pane renders what comes out.
 */
import type { CommandRecord } from './command-log.ts';
import type { Step } from './types.ts';

/** One command of an answer; a heredoc apply keeps its manifest apart, shown whole as YAML. */
export type AnswerEntry =
	| { readonly kind: 'command'; readonly command: string; readonly exitCode?: number }
	| {
			readonly kind: 'manifest';
			/** The command without its heredoc: `kubectl apply -f -`. */
			readonly command: string;
			readonly manifest: string;
			readonly exitCode?: number;
	  };

export interface StepComparison {
	/** What the learner typed in this step, up to the check that passed it (the engine's Solve left out). */
	readonly yours: readonly AnswerEntry[];
	/** The step's solution. */
	readonly model: readonly AnswerEntry[];
	/** The learner pressed Solve: the engine typed (some of) the answer for them. */
	readonly solvedWithHelp: boolean;
}

/** `<<EOF`, `<<-EOF`, `<< 'EOF'`, `<<"END_OF_MANIFEST"` on the command's first line. */
const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][\w-]*)\1/;
/** kubectl reading objects from stdin: what makes a heredoc's body a manifest. */
const APPLY_STDIN =
	/\bkubectl\b.*\b(?:apply|create|replace)\b.*(?:^|\s)(?:-f|--filename)(?:=|\s+)-(?:\s|$)/;

/** A command line as one answer entry: a heredoc apply becomes its command and its manifest. */
export function answerEntry(command: string, exitCode?: number): AnswerEntry {
	const code = exitCode === undefined ? {} : { exitCode };
	const lines = command.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
	const first = lines[0] ?? '';
	const heredoc = HEREDOC.exec(first);
	const delimiter = heredoc?.[2];
	const last = lines[lines.length - 1]?.trim();
	if (heredoc && delimiter && lines.length >= 2 && last === delimiter) {
		// `cat <<EOF | kubectl apply -f -` and `kubectl apply -f - <<EOF` say the same thing.
		const head = first
			.replace(HEREDOC, ' ')
			.replace(/^\s*cat\s*\|\s*/, '')
			.replace(/\s+/g, ' ')
			.trim();
		if (APPLY_STDIN.test(head)) {
			const manifest = lines.slice(1, -1).join('\n');
			return { kind: 'manifest', command: head, manifest, ...code };
		}
	}
	return { kind: 'command', command: command.replace(/\n+$/, ''), ...code };
}

/**
 * The learner's commands of a step: the records of the step's window that the learner typed
 * (not setup replays nor Solve, which are the engine's), blank lines left out.
 */
export function learnerAnswer(records: readonly CommandRecord[]): AnswerEntry[] {
	return records
		.filter((r) => r.by === 'learner' && r.command.trim() !== '')
		.map((r) => answerEntry(r.command, r.exitCode));
}

/** The step's solution as answer entries (manifests shown as YAML). */
export function modelAnswer(step: Pick<Step, 'solution'>): AnswerEntry[] {
	return step.solution.map((c) => answerEntry(c));
}

/** Both sides, for a step the learner passed. */
export function compareStep(
	step: Pick<Step, 'solution'>,
	records: readonly CommandRecord[]
): StepComparison {
	return {
		yours: learnerAnswer(records),
		model: modelAnswer(step),
		solvedWithHelp: records.some((r) => r.by === 'engine')
	};
}
