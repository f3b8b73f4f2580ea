/**
 * A full-screen editor the terminal hands a file to: the page's Editor pane. `vi`, `vim` and
 * `nano` (so also `kubectl edit`'s default editor) open the file there and wait until it is saved
 * or closed, as a GUI editor run with `--wait` does. Headless (`npm run sim`, tests) there is none,
 * and they say the terminal has no full-screen editor.
 */
export interface VisualEditRequest {
	/** The file's absolute path in the shell's file system. */
	readonly path: string;
	/** Its text; empty for a new file. */
	readonly text: string;
	/** The command the learner ran (`vi`, `vim`, `nano`), for the pane's label. */
	readonly editor: string;
	/** Ctrl-C in the terminal: the pane closes without saving. */
	readonly signal: AbortSignal;
}

/** What the learner did: saved this text, or closed without saving. */
export type VisualEditResult =
	| { readonly type: 'saved'; readonly text: string }
	| { readonly type: 'quit' }
	/** The pane already edits a file for another command (a background job's `vi`). */
	| { readonly type: 'busy'; readonly path: string };

export interface VisualEditor {
	edit(request: VisualEditRequest): Promise<VisualEditResult>;
}
