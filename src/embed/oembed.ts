/**
 * oEmbed (https://oembed.com) for the bundled lessons: a static `oembed/<id>.json` of type
 * `rich` whose `html` is the plain iframe, and a small page per lesson, `lessons/<id>/`, that
 * CMSs discover it from. `vite build` writes both (vite-plugins/embed.ts).
 */

export interface OEmbedLesson {
	readonly id: string;
	readonly title: string;
	readonly summary?: string;
}

export interface OEmbedRich {
	readonly type: 'rich';
	readonly version: '1.0';
	readonly title: string;
	readonly provider_name: string;
	readonly provider_url: string;
	readonly html: string;
	readonly width: number;
	readonly height: number;
}

export const PROVIDER_NAME = 'Mesh Playground';
export const EMBED_WIDTH = 800;
export const EMBED_HEIGHT = 520;

const SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-forms allow-downloads';

export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/"/g, '&quot;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/'/g, '&#39;');
}

function withSlash(base: string): string {
	return base.endsWith('/') ? base : `${base}/`;
}

/** The iframe a CMS pastes: no parentOrigin (an oEmbed consumer's origin is not known here). */
export function iframeHtml(base: string, lesson: OEmbedLesson): string {
	const src = new URL('embed.html', withSlash(base));
	src.searchParams.set('lesson', lesson.id);
	return (
		`<iframe src="${escapeHtml(src.toString())}" title="${escapeHtml(`${lesson.title} — ${PROVIDER_NAME}`)}"` +
		` width="${EMBED_WIDTH}" height="${EMBED_HEIGHT}" style="border:0;max-width:100%"` +
		` sandbox="${SANDBOX}" allow="clipboard-read; clipboard-write" loading="lazy"></iframe>`
	);
}

export function oembedJson(base: string, lesson: OEmbedLesson): OEmbedRich {
	return {
		type: 'rich',
		version: '1.0',
		title: lesson.title,
		provider_name: PROVIDER_NAME,
		provider_url: withSlash(base),
		html: iframeHtml(base, lesson),
		width: EMBED_WIDTH,
		height: EMBED_HEIGHT
	};
}

/** `lessons/<id>/index.html`: the URL an author pastes into a CMS, with oEmbed discovery. */
export function lessonPageHtml(base: string, lesson: OEmbedLesson): string {
	const root = withSlash(base);
	const oembed = new URL(`oembed/${encodeURIComponent(lesson.id)}.json`, root).toString();
	const open = new URL(`./?lesson=${encodeURIComponent(lesson.id)}`, root).toString();
	const title = escapeHtml(lesson.title);
	return `<!doctype html>
<html lang="en">
	<head>
		<meta charset="UTF-8" />
		<meta name="viewport" content="width=device-width, initial-scale=1.0" />
		<title>${title} — ${PROVIDER_NAME}</title>
		<meta name="description" content="${escapeHtml(lesson.summary ?? lesson.title)}" />
		<link rel="alternate" type="application/json+oembed" href="${escapeHtml(oembed)}" title="${title}" />
		<style>body{font:16px/1.5 system-ui,sans-serif;max-width:840px;margin:24px auto;padding:0 16px}</style>
	</head>
	<body>
		<h1>${title}</h1>
		<p>${escapeHtml(lesson.summary ?? '')}</p>
		<p><a href="${escapeHtml(open)}">Open this lesson in the Mesh Playground</a></p>
		${iframeHtml(base, lesson)}
	</body>
</html>
`;
}
