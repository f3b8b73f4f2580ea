/**
 * `<mesh-playground>`: the custom element docs pages load from `/embed.js`. It renders the
 * playground in a sandboxed iframe (the page's CSS, scripts and crashes never meet it), passes
 * its attributes as `/embed.html` parameters, re-dispatches the embed's messages as
 * `mesh-playground:TYPE` CustomEvents on itself, and tells the embed when it scrolls out of
 * view. No mesh code here: this script stays a few KB (vite-plugins/embed.ts bundles it alone).
 */
import { encodeInlineLesson } from './inline-lesson.ts';
import { embedUrl, normaliseOrigin } from './params.ts';
import { HOST_PROGRESS_KEY, mergeProgress, progressFragment } from './progress-relay.ts';
import {
	envelope,
	isOutEnvelope,
	type InMessage,
	type ResetScope,
	type ThemeChoice
} from './protocol.ts';

/** Where embed.js was loaded from: the playground is served beside it unless `src-base` says. */
const SCRIPT_BASE = (() => {
	const script = document.currentScript;
	const src = script instanceof HTMLScriptElement ? script.src : '';
	return src ? new URL('./', src).toString() : new URL('/', location.href).toString();
})();

const OBSERVED = [
	'lesson',
	'step',
	'lesson-src',
	'panes',
	'theme',
	'height',
	'runtime',
	'autostart',
	'commands',
	'allow-origin',
	'src-base',
	'lang'
] as const;

const DEFAULT_HEIGHT = 480;

export class MeshPlaygroundElement extends HTMLElement {
	static observedAttributes = [...OBSERVED];
	#iframe: HTMLIFrameElement | undefined;
	#origin = '';
	#observer: IntersectionObserver | undefined;
	#visible = true;
	#queued: InMessage[] = [];
	#ready = false;
	#onMessage = (e: MessageEvent): void => this.#receive(e);

	connectedCallback(): void {
		if (!this.style.display) this.style.display = 'block';
		window.addEventListener('message', this.#onMessage);
		this.#render();
		if ('IntersectionObserver' in window) {
			this.#observer = new IntersectionObserver((entries) => {
				const visible = entries.some((e) => e.isIntersecting);
				if (visible === this.#visible) return;
				this.#visible = visible;
				this.#post({ type: 'visibility', visible });
			});
			this.#observer.observe(this);
		}
	}

	disconnectedCallback(): void {
		window.removeEventListener('message', this.#onMessage);
		this.#observer?.disconnect();
		this.#iframe?.remove();
		this.#iframe = undefined;
	}

	attributeChangedCallback(name: string, old: string | null, value: string | null): void {
		if (!this.#iframe || old === value) return;
		if (name === 'height') this.#size();
		else if (name === 'theme' && value) this.setTheme(value as ThemeChoice);
		else this.#render();
	}

	/** Moves the embedded lesson to `step` (1-based). */
	goto(step: number): void {
		this.#post({ type: 'goto', step });
	}
	reset(scope: ResetScope = 'step'): void {
		this.#post({ type: 'reset', scope });
	}
	/** Types `text` into the embed's terminal and runs it, visibly. */
	run(text: string): void {
		this.#post({ type: 'run', text });
	}
	setTheme(theme: ThemeChoice): void {
		this.#post({ type: 'theme', theme });
	}
	/** Leaves the poster (as the Start button does). */
	start(): void {
		this.#post({ type: 'start' });
	}

	get iframe(): HTMLIFrameElement | undefined {
		return this.#iframe;
	}

	#render(): void {
		const base = this.getAttribute('src-base') || SCRIPT_BASE;
		this.#origin = new URL(base, location.href).origin;
		const allow = (this.getAttribute('allow-origin') ?? '')
			.split(/\s+/)
			.map((o) => normaliseOrigin(o))
			.filter((o): o is string => o !== undefined);
		const inline = this.querySelector('script[type="text/x-mesh-lesson"]');
		let fragment: string | undefined;
		if (inline?.textContent?.trim()) {
			const encoded = encodeInlineLesson(dedent(inline.textContent));
			fragment =
				'fragment' in encoded ? encoded.fragment : `error=${encodeURIComponent(encoded.error)}`;
		}
		const progress = progressFragment(readHostProgress());
		if (progress) fragment = fragment ? `${fragment}&${progress}` : progress;
		const lessonSrc = this.getAttribute('lesson-src');
		const src = embedUrl(
			new URL(base, location.href).toString(),
			{
				lesson: this.getAttribute('lesson'),
				step: this.getAttribute('step'),
				lessonSrc: lessonSrc ? new URL(lessonSrc, document.baseURI).toString() : null,
				panes: this.getAttribute('panes'),
				theme: this.getAttribute('theme'),
				runtime: this.getAttribute('runtime'),
				autostart: this.getAttribute('autostart'),
				commands: this.getAttribute('commands'),
				lang: this.getAttribute('lang'),
				parentOrigins: allow.length > 0 ? allow : [location.origin]
			},
			fragment
		);
		this.#ready = false;
		const iframe = this.#iframe ?? document.createElement('iframe');
		iframe.setAttribute(
			'sandbox',
			'allow-scripts allow-same-origin allow-popups allow-forms allow-downloads'
		);
		iframe.setAttribute('allow', 'clipboard-read; clipboard-write');
		iframe.title = this.getAttribute('lesson')
			? `Mesh Playground: ${this.getAttribute('lesson')}`
			: 'Mesh Playground';
		iframe.style.border = '0';
		iframe.style.width = '100%';
		iframe.style.display = 'block';
		iframe.src = src;
		if (!this.#iframe) {
			this.#iframe = iframe;
			this.appendChild(iframe);
		}
		this.#size();
	}

	#size(): void {
		const h = Number.parseInt(this.getAttribute('height') ?? '', 10);
		if (this.#iframe)
			this.#iframe.style.height = `${Number.isFinite(h) && h >= 200 ? h : DEFAULT_HEIGHT}px`;
	}

	#post(message: InMessage): void {
		// Before `ready` (or the poster) the embed's listener may not exist yet: queue.
		if (!this.#ready) {
			this.#queued.push(message);
			return;
		}
		this.#iframe?.contentWindow?.postMessage(envelope(message), this.#origin);
	}

	#receive(e: MessageEvent): void {
		if (!this.#iframe || e.source !== this.#iframe.contentWindow || e.origin !== this.#origin)
			return;
		if (!isOutEnvelope(e.data)) return;
		const { source: _s, version: _v, type, ...detail } = e.data;
		if (e.data.type === 'progress') writeHostProgress(e.data.progress);
		if (type === 'ready' || type === 'poster') {
			this.#ready = true;
			const queued = this.#queued.splice(0);
			if (!this.#visible) queued.push({ type: 'visibility', visible: false });
			for (const m of queued) this.#post(m);
		}
		this.dispatchEvent(new CustomEvent(`mesh-playground:${type}`, { detail, bubbles: true }));
	}
}

/** This page's own storage: blocked storage (privacy modes) only means progress is not kept. */
function readHostProgress(): string | null {
	try {
		return localStorage.getItem(HOST_PROGRESS_KEY);
	} catch {
		return null;
	}
}

function writeHostProgress(doc: unknown): void {
	try {
		const text = mergeProgress(localStorage.getItem(HOST_PROGRESS_KEY), doc);
		if (text) localStorage.setItem(HOST_PROGRESS_KEY, text);
	} catch {
		// Nothing to do: the embed's own storage may still have it.
	}
}

/** Inline lessons are indented with the page's HTML: strip the common indent. */
function dedent(text: string): string {
	const lines = text
		.replace(/^\s*\n/, '')
		.replace(/\s+$/, '')
		.split('\n');
	const indents = lines
		.filter((l) => l.trim() !== '')
		.map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
	const cut = indents.length > 0 ? Math.min(...indents) : 0;
	return lines.map((l) => l.slice(cut)).join('\n') + '\n';
}

if (!customElements.get('mesh-playground'))
	customElements.define('mesh-playground', MeshPlaygroundElement);
