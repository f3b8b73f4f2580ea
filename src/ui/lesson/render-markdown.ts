/**
 * Lesson markdown to safe HTML. Lessons may come from any URL: raw HTML in a lesson is shown as
 * text, not rendered (so a code block's text is exactly the command its copy button copies),
 * and the result is sanitised by DOMPurify (no scripts, event handlers, iframes, inline styles,
 * or images from other origins); links open in a new tab.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { markdownLimitProblem } from '../../lessons/markdown-limits.ts';

const escapeHtml = (text: string): string =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const lessonMarked = new Marked({
	gfm: true,
	renderer: {
		html: ({ text }) => escapeHtml(text)
	}
});

/** Same-origin or inline images only: a lesson must not make the page call other servers. */
function allowedImage(src: string): boolean {
	if (src.startsWith('data:image/')) return true;
	try {
		return new URL(src, location.href).origin === location.origin;
	} catch {
		return false;
	}
}

function asText(markdown: string, why: string): string {
	return `<p><strong>${escapeHtml(why)}</strong></p><pre>${escapeHtml(markdown.slice(0, 2000))}</pre>`;
}

let hooked = false;

export function renderMarkdown(markdown: string): string {
	if (!hooked) {
		DOMPurify.addHook('afterSanitizeAttributes', (node) => {
			if (node.tagName === 'A') {
				node.setAttribute('target', '_blank');
				node.setAttribute('rel', 'noopener noreferrer');
			}
			if (node.tagName === 'IMG') {
				node.removeAttribute('srcset');
				const src = node.getAttribute('src');
				if (src === null || !allowedImage(src)) node.removeAttribute('src');
			}
		});
		hooked = true;
	}
	// Loaded lessons were checked already; this guards any other caller, and a renderer that
	// still throws shows the text rather than taking the page down.
	const tooComplex = markdownLimitProblem(markdown);
	if (tooComplex) return asText(markdown, `This text cannot be shown: ${tooComplex.message}.`);
	let html: string;
	try {
		html = lessonMarked.parse(markdown, { async: false });
	} catch (e) {
		return asText(markdown, `This text cannot be shown: ${e instanceof Error ? e.message : e}`);
	}
	return DOMPurify.sanitize(html, {
		FORBID_TAGS: ['style', 'iframe', 'form', 'input', 'svg', 'math', 'video', 'audio', 'source'],
		FORBID_ATTR: ['style']
	});
}

/** Shell blocks get "run" and "copy" buttons; other fenced blocks are only shown. */
export const RUNNABLE = ['language-sh', 'language-bash', 'language-shell'];
