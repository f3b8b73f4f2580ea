/**
 * Turns a fetched HTML page into what the browser tab's sandboxed iframe shows: stylesheets and
 * images fetched through the same forwarded port and inlined, scripts removed (the frame runs
 * none), and a Content-Security-Policy that keeps the frame from loading anything on its own.
 */
import { BOOTSTRAP_STAND_IN } from './stand-in.ts';
import { encodeBase64 } from '../../mesh/base64.ts';

/** Fetches a subresource through the forward: its bytes and type, or undefined if it failed. */
export type Subresource = (
	href: string
) => Promise<{ bytes: Uint8Array; type: string } | undefined>;

const CSP =
	"default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; form-action 'none'";

function dataUrl(bytes: Uint8Array, type: string): string {
	return `data:${type};base64,${encodeBase64(bytes)}`;
}

/** CSS with every external `url(…)` dropped: the frame may load nothing but data: URLs. */
function withoutUrls(css: string): string {
	return css.replace(/url\(\s*(['"]?)(?!data:)[^)]*\1\s*\)/gi, 'none');
}

export async function renderPage(
	html: string,
	fetchSub: Subresource
): Promise<{ srcdoc: string; title: string }> {
	const doc = new DOMParser().parseFromString(html, 'text/html');
	for (const el of doc.querySelectorAll(
		'script, iframe, object, embed, base, link[rel~="preload"], link[rel~="icon"]'
	))
		el.remove();
	for (const link of doc.querySelectorAll<HTMLLinkElement>('link[rel~="stylesheet"]')) {
		const href = link.getAttribute('href') ?? '';
		const got = href ? await fetchSub(href) : undefined;
		const css = got
			? withoutUrls(new TextDecoder().decode(got.bytes))
			: /bootstrap(\.min)?\.css$/.test(href)
				? BOOTSTRAP_STAND_IN
				: '';
		const style = doc.createElement('style');
		style.dataset.href = href;
		style.textContent = css;
		link.replaceWith(style);
	}
	for (const style of doc.querySelectorAll('style'))
		style.textContent = withoutUrls(style.textContent ?? '');
	for (const img of doc.querySelectorAll<HTMLImageElement>('img[src]')) {
		const src = img.getAttribute('src') ?? '';
		if (src.startsWith('data:')) continue;
		const got = await fetchSub(src);
		if (got) img.setAttribute('src', dataUrl(got.bytes, got.type));
		else img.removeAttribute('src');
	}
	for (const el of doc.querySelectorAll('[style]'))
		el.setAttribute('style', withoutUrls(el.getAttribute('style') ?? ''));
	for (const el of doc.querySelectorAll('[srcset], [background]')) {
		el.removeAttribute('srcset');
		el.removeAttribute('background');
	}
	const meta = doc.createElement('meta');
	meta.httpEquiv = 'Content-Security-Policy';
	meta.content = CSP;
	doc.head.prepend(meta);
	return { srcdoc: '<!DOCTYPE html>\n' + doc.documentElement.outerHTML, title: doc.title };
}
