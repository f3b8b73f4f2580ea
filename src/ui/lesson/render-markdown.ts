/**
 * Lesson markdown to safe HTML. Lessons may come from any URL, so the HTML is sanitised by
 * DOMPurify (no scripts, no event handlers, no iframes); links open in a new tab.
 */
import DOMPurify from 'dompurify';
import { marked } from 'marked';

let hooked = false;

export function renderMarkdown(markdown: string): string {
	if (!hooked) {
		DOMPurify.addHook('afterSanitizeAttributes', (node) => {
			if (node.tagName === 'A') {
				node.setAttribute('target', '_blank');
				node.setAttribute('rel', 'noopener noreferrer');
			}
		});
		hooked = true;
	}
	const html = marked.parse(markdown, { async: false, gfm: true });
	return DOMPurify.sanitize(html, { FORBID_TAGS: ['style', 'iframe', 'form', 'input'] });
}

/** Shell blocks get "run" and "copy" buttons; other fenced blocks are only shown. */
export const RUNNABLE = ['language-sh', 'language-bash', 'language-shell'];
