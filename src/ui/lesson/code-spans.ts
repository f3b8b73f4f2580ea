/**
 * Splits plain text on backticks: odd parts are code spans. Quiz text is YAML strings, not
 * markdown, but authors write `istioctl …` in it as everywhere else; this shows them as code
 * without rendering any HTML.
 */
export function codeSpans(text: string): { text: string; code: boolean }[] {
	const parts = text.split('`');
	// An unpaired backtick is shown as written.
	if (parts.length % 2 === 0) return [{ text, code: false }];
	return parts.map((t, i) => ({ text: t, code: i % 2 === 1 })).filter((p) => p.text !== '');
}
