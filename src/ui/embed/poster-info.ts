/**
 * What the poster shows before anything heavy loads: the lesson's title and the text of the step
 * it opens at, read from the markdown with a few regular expressions (the real loader, with its
 * YAML and schema, loads after Start). Bundled lessons load as raw text, one chunk each.
 */

export interface PosterInfo {
	readonly title: string;
	readonly stepTitle?: string;
	/** The step's first paragraph(s), as plain text. */
	readonly text: string;
	readonly steps: number;
	/** The lesson's id, for a bundled lesson named by its folder. */
	readonly id?: string;
}

const LESSONS = import.meta.glob<string>('/lessons/*/lesson*.md', {
	query: '?raw',
	import: 'default'
});

/** Plain text of the first paragraphs of markdown (no code blocks), about `max` characters. */
function plain(markdown: string, max = 320): string {
	const paragraphs: string[] = [];
	for (const block of markdown.split(/\n\s*\n/)) {
		const b = block.trim();
		if (b === '' || b.startsWith('```') || b.startsWith('#')) {
			if (paragraphs.length > 0 && b.startsWith('```')) break;
			continue;
		}
		paragraphs.push(
			b
				.replace(/`([^`]*)`/g, '$1')
				.replace(/\*\*([^*]*)\*\*/g, '$1')
				.replace(/[*_]([^*_]+)[*_]/g, '$1')
				.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
				.replace(/\s+/g, ' ')
		);
		if (paragraphs.join(' ').length > max) break;
	}
	const text = paragraphs.join('\n\n');
	return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** Title, step count and the text of `step` (1-based) from a lesson's markdown. */
export function posterFromMarkdown(markdown: string, step = 1): PosterInfo {
	const front = /^---\n([\s\S]*?)\n---/.exec(markdown.replace(/\r\n/g, '\n'));
	const field = (name: string): string | undefined =>
		front
			? new RegExp(`^${name}:\\s*(.+)$`, 'm')
					.exec(front[1] ?? '')?.[1]
					?.trim()
					.replace(/^['"]|['"]$/g, '')
			: undefined;
	const body = front ? markdown.slice(front[0].length) : markdown;
	const parts = body.split(/^## Step:\s*/m);
	const steps = parts.slice(1);
	const chosen = steps[Math.min(Math.max(step, 1), Math.max(steps.length, 1)) - 1];
	const [heading, ...rest] = (chosen ?? '').split('\n');
	const id = field('id');
	return {
		title: field('title') ?? 'Mesh Playground',
		...(heading?.trim() ? { stepTitle: heading.trim() } : {}),
		text: plain(chosen ? rest.join('\n') : (parts[0] ?? '')),
		steps: steps.length,
		...(id ? { id } : {})
	};
}

/**
 * A bundled lesson's poster by id or folder, from its `lang` translation when there is one
 * (lesson.de.md beside lesson.md); undefined when there is no such lesson.
 */
export async function bundledPoster(
	name: string,
	step = 1,
	lang = 'en'
): Promise<PosterInfo | undefined> {
	const originals = Object.keys(LESSONS).filter((p) => p.endsWith('/lesson.md'));
	let folder = originals.find((p) => p === `/lessons/${name}/lesson.md`);
	for (const path of folder ? [] : originals)
		if (posterFromMarkdown(await LESSONS[path]!(), step).id === name) folder = path;
	if (!folder) return undefined;
	const translated = folder.replace(/lesson\.md$/, `lesson.${lang}.md`);
	return posterFromMarkdown(await (LESSONS[translated] ?? LESSONS[folder]!)(), step);
}
