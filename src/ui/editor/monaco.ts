/**
 * Monaco, set up once: the slim editor (API + the contributions a YAML editor needs, no other
 * languages or their workers), monaco-yaml with the manifest schema, and the workers. Reached only
 * through `await import('./monaco.ts')` so none of it is in the page's first bundle (STYLE.md 13).
 */
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/editor/browser/coreCommands.js';
import 'monaco-editor/editor/browser/widget/codeEditor/codeEditorWidget.js';
import 'monaco-editor/editor/browser/widget/diffEditor/diffEditor.contribution.js';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/editor/contrib/codeAction/browser/codeActionContributions.js';
import 'monaco-editor/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo.js';
import 'monaco-editor/editor/contrib/find/browser/findController.js';
import 'monaco-editor/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/editor/contrib/format/browser/formatActions.js';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/editor/contrib/indentation/browser/indentation.js';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor.js';
import 'monaco-editor/editor/contrib/readOnlyMessage/browser/contribution.js';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode.js';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/editor/common/standaloneStrings.js';
import 'monaco-editor/languages/definitions/yaml/register.js';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon.css';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon-modifiers.css';
import { configureMonacoYaml } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import YamlWorker from 'monaco-yaml/yaml.worker.js?worker';
import { MANIFEST_SCHEMA_URI, manifestSchema } from './schemas/index.ts';

declare global {
	interface Window {
		MonacoEnvironment?: { getWorker(moduleId: string, label: string): Worker };
	}
}

window.MonacoEnvironment = {
	getWorker: (_moduleId, label) => (label === 'yaml' ? new YamlWorker() : new EditorWorker())
};

type Monaco = typeof monaco;
interface LegacyWorkerOptions {
	readonly moduleId?: string;
	readonly label?: string;
	readonly createData?: unknown;
	readonly host?: Record<string, (...args: unknown[]) => unknown>;
}

/**
 * monaco-yaml 5.5 still calls `createWebWorker({ moduleId, label, createData })`, the API before
 * monaco 0.55, which now wants `{ worker }` (stack-notes trap 3b, remcohaszing/monaco-yaml#272).
 * This hands it a Monaco whose createWebWorker starts the worker the way monaco's own language
 * workers do: a first message to boot it, then the create data.
 */
function legacyWorkerMonaco(m: Monaco): Monaco {
	const createWebWorker = (opts: LegacyWorkerOptions) => {
		const worker = window.MonacoEnvironment!.getWorker(opts.moduleId ?? '', opts.label ?? '');
		worker.postMessage('ignore');
		worker.postMessage(opts.createData);
		return m.editor.createWebWorker({ worker, ...(opts.host ? { host: opts.host } : {}) });
	};
	return { ...m, editor: { ...m.editor, createWebWorker } } as unknown as Monaco;
}

configureMonacoYaml(legacyWorkerMonaco(monaco), {
	enableSchemaRequest: false,
	validate: true,
	completion: true,
	hover: true,
	schemas: [{ uri: MANIFEST_SCHEMA_URI, fileMatch: ['*'], schema: manifestSchema() as never }]
});

export type EditorTheme = 'dark' | 'light';

export interface YamlEditor {
	getValue(): string;
	setValue(text: string): void;
	setReadOnly(readOnly: boolean): void;
	/** Shows the buffer against `original` (the live object); undefined goes back to editing. */
	showDiff(original: string | undefined): void;
	onChange(listener: (text: string) => void): () => void;
	/** Validation problems (schema and YAML syntax) in the buffer, as Monaco lists them. */
	problems(): { line: number; message: string }[];
	setTheme(theme: EditorTheme): void;
	focus(): void;
	dispose(): void;
}

const THEMES: Record<EditorTheme, string> = { dark: 'mesh-dark', light: 'mesh-light' };
let themesDefined = false;

/**
 * Monaco's own themes with the colours that miss WCAG AA's 4.5:1 raised: vs-dark's comments
 * (#608b4e on #1e1e1e is 4.2:1) and both themes' dimmed final line number (under 2:1).
 */
function defineThemes(): void {
	if (themesDefined) return;
	themesDefined = true;
	monaco.editor.defineTheme('mesh-dark', {
		base: 'vs-dark',
		inherit: true,
		rules: [{ token: 'comment', foreground: '7ca668' }],
		colors: { 'editorLineNumber.dimmedForeground': '#858585' }
	});
	monaco.editor.defineTheme('mesh-light', {
		base: 'vs',
		inherit: true,
		rules: [],
		colors: { 'editorLineNumber.dimmedForeground': '#237893' }
	});
}
let nextModel = 0;

export function createYamlEditor(
	el: HTMLElement,
	options: { value: string; theme: EditorTheme }
): YamlEditor {
	defineThemes();
	monaco.editor.setTheme(THEMES[options.theme]);
	const uri = monaco.Uri.parse(`inmemory://playground/manifest-${nextModel++}.yaml`);
	const model = monaco.editor.createModel(options.value, 'yaml', uri);
	const common = {
		automaticLayout: true,
		minimap: { enabled: false },
		fontSize: 13,
		scrollBeyondLastLine: false,
		tabSize: 2,
		insertSpaces: true,
		// Keyboard users need Tab to leave the editor: Ctrl+M toggles, as in VS Code.
		tabFocusMode: false,
		accessibilitySupport: 'auto' as const,
		fixedOverflowWidgets: true
	};
	const editEl = document.createElement('div');
	const diffEl = document.createElement('div');
	for (const d of [editEl, diffEl]) d.style.cssText = 'position:absolute;inset:0';
	diffEl.hidden = true;
	el.append(editEl, diffEl);
	const editor = monaco.editor.create(editEl, {
		...common,
		model,
		ariaLabel: 'YAML editor. Esc then Tab leaves the editor.'
	});
	let diff: monaco.editor.IStandaloneDiffEditor | undefined;
	let original: monaco.editor.ITextModel | undefined;

	return {
		getValue: () => model.getValue(),
		setValue(text) {
			// Through an edit, so Ctrl+Z can bring the learner's text back; on the model, because
			// the editor refuses edits while it is read-only (the next object may not be).
			model.pushStackElement();
			model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
			model.pushStackElement();
			editor.setScrollTop(0);
			editor.setPosition({ lineNumber: 1, column: 1 });
		},
		setReadOnly: (readOnly) => editor.updateOptions({ readOnly }),
		showDiff(text) {
			if (text === undefined) {
				diffEl.hidden = true;
				editEl.hidden = false;
				editor.layout();
				return;
			}
			original?.dispose();
			original = monaco.editor.createModel(text, 'yaml');
			diff ??= monaco.editor.createDiffEditor(diffEl, {
				...common,
				renderSideBySide: el.clientWidth > 700,
				originalEditable: false,
				ariaLabel: 'Diff against the live object'
			});
			diff.setModel({ original, modified: model });
			editEl.hidden = true;
			diffEl.hidden = false;
			diff.layout();
		},
		onChange(listener) {
			const sub = model.onDidChangeContent(() => listener(model.getValue()));
			return () => sub.dispose();
		},
		problems: () =>
			monaco.editor
				.getModelMarkers({ resource: uri })
				.map((m) => ({ line: m.startLineNumber, message: m.message })),
		setTheme: (theme) => monaco.editor.setTheme(THEMES[theme]),
		focus: () => (diffEl.hidden ? editor.focus() : diff?.getModifiedEditor().focus()),
		dispose() {
			diff?.dispose();
			editor.dispose();
			original?.dispose();
			model.dispose();
			editEl.remove();
			diffEl.remove();
		}
	};
}
