/**
 * The editor's state: the buffer, the live object it was opened from, the last command's output,
 * and whether it shows a diff. Every cluster action goes through the shell (`kubectl apply -f -`,
 * `kubectl get -o yaml`), so what the learner sees is exactly what kubectl prints.
 */
import type { VisualEditRequest, VisualEditResult } from '../../shell/visual-editor.ts';
import { kubectlRef, manifestRef, shellWord } from '../editor/manifest-ref.ts';
import type { CommandRun } from './playground.svelte.ts';

export type RunFn = (source: string, stdin?: string) => Promise<CommandRun>;

/** A live object the editor shows: `kubectl get REF -n NAMESPACE`. */
export interface OpenedObject {
	readonly ref: string;
	readonly namespace: string | undefined;
}

export interface CommandOutput {
	readonly command: string;
	readonly text: string;
	readonly exitCode: number;
}

export const STARTER = `# Write or paste a manifest. Apply (Ctrl+Enter) runs \`kubectl apply -f -\` with it.
# Completion (Ctrl+Space) and checks come from the schemas of the kinds the cluster serves.
apiVersion: v1
kind: ConfigMap
metadata:
  name: example
  namespace: default
data:
  greeting: hello
`;

/** A file the terminal's `vi` (or `kubectl edit`) handed to the pane, edited until Save or Close. */
export interface FileEdit {
	readonly path: string;
	/** The command that opened it: `vi`, `vim`, `nano`. */
	readonly editor: string;
}

/** What the pane showed before a file edit, given back when it ends. */
interface Shelved {
	readonly text: string;
	readonly opened: OpenedObject | undefined;
	readonly readOnly: boolean;
	readonly output: CommandOutput | undefined;
}

export class EditorSession {
	text = $state(STARTER);
	opened = $state.raw<OpenedObject | undefined>(undefined);
	readOnly = $state(false);
	output = $state.raw<CommandOutput | undefined>(undefined);
	busy = $state(false);
	/** The live object's YAML while the diff view is shown. */
	diffAgainst = $state<string | undefined>(undefined);
	/** Bumped when the text is replaced from outside (open), so the editor widget reloads it. */
	revision = $state(0);
	/** Set while the pane edits a file for the terminal (`vi FILE`, `kubectl edit`). */
	fileEdit = $state.raw<FileEdit | undefined>(undefined);
	#fileDone: ((result: VisualEditResult) => void) | undefined;
	#shelved: Shelved | undefined;
	readonly #run: RunFn;

	constructor(run: RunFn) {
		this.#run = run;
	}

	/** Sets the buffer from outside the widget (the widget reports typing with `edited`). */
	replace(text: string): void {
		this.text = text;
		this.revision++;
	}

	edited(text: string): void {
		this.text = text;
	}

	/** Runs `command`; `quiet` keeps a successful output (a whole object's YAML) off the panel. */
	async #command(command: string, stdin = '', quiet = false): Promise<CommandRun> {
		this.busy = true;
		try {
			const result = await this.#run(command, stdin);
			const text = quiet && result.exitCode === 0 ? '' : result.output;
			this.output = { command, text, exitCode: result.exitCode };
			return result;
		} finally {
			this.busy = false;
		}
	}

	/** `kubectl apply -f -` with the buffer, exactly as typed in the terminal. */
	async apply(): Promise<number> {
		if (this.busy) return 1;
		this.diffAgainst = undefined;
		return (await this.#command('kubectl apply -f -', this.text)).exitCode;
	}

	/** Loads a live object (`kubectl edit`-like): its `-o yaml` becomes the buffer. */
	async open(target: OpenedObject, options: { readOnly?: boolean } = {}): Promise<number> {
		if (this.busy) return 1;
		const command = getCommand(target);
		const r = await this.#command(command, '', true);
		if (r.exitCode === 0) {
			this.opened = target;
			this.readOnly = options.readOnly ?? false;
			this.diffAgainst = undefined;
			this.replace(r.output);
		}
		return r.exitCode;
	}

	/** Diffs the buffer against the live object it names (or was opened from). */
	async diff(): Promise<number> {
		if (this.busy) return 1;
		const fromText = manifestRef(this.text);
		const target: OpenedObject | undefined = fromText
			? { ref: kubectlRef(fromText), namespace: fromText.namespace ?? this.opened?.namespace }
			: this.opened;
		if (!target) {
			this.output = {
				command: 'diff',
				text: 'error: the buffer names no object: it needs apiVersion, kind and metadata.name\n',
				exitCode: 1
			};
			return 1;
		}
		const r = await this.#command(getCommand(target), '', true);
		if (r.exitCode === 0) this.diffAgainst = await withoutServerFields(r.output);
		return r.exitCode;
	}

	closeDiff(): void {
		this.diffAgainst = undefined;
	}

	edit(): void {
		this.readOnly = false;
	}

	/**
	 * Edits a file for the terminal: the buffer becomes the file's text until `saveFile` or
	 * `closeFile` (or Ctrl-C in the terminal), then what the pane showed before comes back.
	 */
	editFile(request: VisualEditRequest): Promise<VisualEditResult> {
		if (this.fileEdit) return Promise.resolve({ type: 'busy', path: this.fileEdit.path });
		this.#shelved = {
			text: this.text,
			opened: this.opened,
			readOnly: this.readOnly,
			output: this.output
		};
		this.fileEdit = { path: request.path, editor: request.editor };
		this.readOnly = false;
		this.diffAgainst = undefined;
		this.output = undefined;
		this.replace(request.text);
		return new Promise((resolve) => {
			this.#fileDone = resolve;
			if (request.signal.aborted) this.closeFile();
			else request.signal.addEventListener('abort', () => this.closeFile(), { once: true });
		});
	}

	/** Save: the buffer is written to the file and the terminal's command goes on. */
	saveFile(): void {
		this.#endFile({ type: 'saved', text: this.text });
	}

	/** Close without saving (vi's `:q!`). */
	closeFile(): void {
		this.#endFile({ type: 'quit' });
	}

	#endFile(result: VisualEditResult): void {
		const done = this.#fileDone;
		const shelved = this.#shelved;
		if (!done || !shelved) return;
		this.#fileDone = undefined;
		this.#shelved = undefined;
		this.fileEdit = undefined;
		this.opened = shelved.opened;
		this.readOnly = shelved.readOnly;
		this.output = shelved.output;
		this.replace(shelved.text);
		done(result);
	}
}

/**
 * The live object as `kubectl diff` compares it: without what the server writes (status, uid,
 * resourceVersion, timestamps, managedFields, the last-applied annotation), so the diff shows
 * what applying the buffer would change. `yaml` loads here, on first use, not with the page.
 */
async function withoutServerFields(text: string): Promise<string> {
	const { parse, stringify } = await import('yaml');
	const obj: unknown = parse(text);
	if (!obj || typeof obj !== 'object') return text;
	const o = obj as Record<string, unknown>;
	delete o['status'];
	const meta = o['metadata'] as Record<string, unknown> | undefined;
	if (meta) {
		for (const k of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields'])
			delete meta[k];
		const notes = meta['annotations'] as Record<string, unknown> | undefined;
		if (notes) {
			delete notes['kubectl.kubernetes.io/last-applied-configuration'];
			if (Object.keys(notes).length === 0) delete meta['annotations'];
		}
	}
	return stringify(o);
}

function getCommand(target: OpenedObject): string {
	const ns = target.namespace ? ` -n ${shellWord(target.namespace)}` : '';
	return `kubectl get ${shellWord(target.ref)}${ns} -o yaml`;
}
