/** localStorage for the ProgressStore; every access may throw (sandboxed iframes, privacy modes). */
import type { ProgressStorage } from '../../lessons/progress.ts';

const KEY = 'mesh-playground:lesson-progress';

export const browserProgressStorage: ProgressStorage = {
	load: () => globalThis.localStorage.getItem(KEY),
	save: (text) => globalThis.localStorage.setItem(KEY, text)
};

/**
 * `?lesson=ID&step=N` (step 1-based, as people count); `?lessonUrl=URL` for a lesson served
 * elsewhere, resolved against the page's address.
 */
export function readDeepLink(
	search: string,
	base = 'http://localhost/'
): { lesson?: string; lessonUrl?: string; step: number } {
	const params = new URLSearchParams(search);
	const lesson = params.get('lesson') ?? undefined;
	const lessonUrl = params.get('lessonUrl') ?? undefined;
	const step = Math.max(1, Number.parseInt(params.get('step') ?? '1', 10) || 1);
	return {
		...(lesson ? { lesson } : {}),
		...(lessonUrl ? { lessonUrl: resolve(lessonUrl, base) } : {}),
		step
	};
}

/** An address that does not parse (`http://[`) is kept as typed, for the loader to refuse. */
function resolve(url: string, base: string): string {
	try {
		return new URL(url, base).toString();
	} catch {
		return url;
	}
}

export function deepLink(href: string, lesson: string | undefined, step: number): string {
	const url = new URL(href);
	if (lesson) {
		url.searchParams.set('lesson', lesson);
		url.searchParams.set('step', String(step + 1));
	} else {
		// Closing a lesson forgets where it came from too.
		url.searchParams.delete('lesson');
		url.searchParams.delete('lessonUrl');
		url.searchParams.delete('step');
	}
	return url.toString();
}
