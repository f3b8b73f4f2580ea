/**
 * A ```mesh-lesson fence becomes a `<mesh-playground>` with the fence's markdown as its
 * `<script type="text/x-mesh-lesson">` child: the inline-scenario embed, written next to the
 * paragraph it belongs to.
 *
 * Why not plain HTML in the page: VitePress compiles markdown into a Vue template, and Vue's
 * compiler drops `<script>` tags in templates. So the element is handed to Vue as one `v-html`
 * string: the prerendered page holds the element and its script child exactly as an author of a
 * plain HTML page would write them, and Vue leaves that markup alone when it hydrates.
 */
import type { MarkdownRenderer } from 'vitepress';

/** Attributes an inline embed may set on its element (the lesson comes from the fence). */
const ATTRIBUTES = new Set([
	'id',
	'panes',
	'theme',
	'height',
	'runtime',
	'autostart',
	'allow-origin'
]);
const INFO = /^mesh-lesson(?:\s+(.*))?$/;
const ATTR = /([a-z][a-z-]*)="([^"]*)"/g;

const escapeHtml = (text: string): string =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `panes="terminal" height="360"` → attributes, keeping only the ones the element knows. */
export function parseFenceAttributes(info: string): Map<string, string> {
	const out = new Map<string, string>();
	for (const [, name, value] of info.matchAll(ATTR)) {
		if (name && ATTRIBUTES.has(name)) out.set(name, value ?? '');
	}
	return out;
}

/** The element's HTML: what a plain HTML page would contain for this inline scenario. */
export function inlineEmbedHtml(markdown: string, attributes: ReadonlyMap<string, string>): string {
	// A `</script` inside would end the child early and cut the lesson; say so on the page.
	if (/<\/script/i.test(markdown)) {
		return '<p class="mesh-inline-error">This inline lesson contains "&lt;/script": it cannot be embedded.</p>';
	}
	const attrs = [...attributes].map(([k, v]) => ` ${k}="${escapeHtml(v)}"`).join('');
	return `<mesh-playground${attrs}><script type="text/x-mesh-lesson">${markdown}</script></mesh-playground>`;
}

export function meshLessonFence(md: MarkdownRenderer): void {
	const fallback = md.renderer.rules.fence;
	md.renderer.rules.fence = (tokens, idx, options, env, self) => {
		const token = tokens[idx];
		const match = token ? INFO.exec(token.info.trim()) : null;
		if (!token || !match) {
			return fallback
				? fallback(tokens, idx, options, env, self)
				: self.renderToken(tokens, idx, options);
		}
		const html = inlineEmbedHtml(token.content, parseFenceAttributes(match[1] ?? ''));
		// Vue reads the attribute as a JavaScript expression: a JSON string, HTML-escaped.
		return `<div class="mesh-inline" v-html="${escapeHtml(JSON.stringify(html))}"></div>\n`;
	};
}
