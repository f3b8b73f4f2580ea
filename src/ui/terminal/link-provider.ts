/**
 * Makes resource names in the terminal clickable (an xterm link provider, one job like xterm's
 * own web-links addon): `resource-links.ts` finds them, a click hands them to `onOpen`.
 */
import type { IBufferLine, ILink, Terminal } from '@xterm/xterm';
import { resourceLinks, type ResourceLink } from './resource-links.ts';

/** Rows read above the hovered one to find its table header and command line. */
const CONTEXT_ROWS = 400;

export function registerResourceLinks(
	term: Terminal,
	onOpen: (link: ResourceLink) => void
): { dispose(): void } {
	return term.registerLinkProvider({
		provideLinks(y, callback) {
			const buffer = term.buffer.active;
			const row = y - 1;
			const first = Math.max(0, row - CONTEXT_ROWS);
			const lines: string[] = [];
			for (let i = first; i <= row; i++)
				lines.push((buffer.getLine(i) as IBufferLine | undefined)?.translateToString(true) ?? '');
			const found = resourceLinks(lines, row - first);
			const links: ILink[] = found.map((link) => ({
				range: { start: { x: link.start + 1, y }, end: { x: link.end, y } },
				text: link.ref,
				decorations: { underline: true, pointerCursor: true },
				activate: () => onOpen(link)
			}));
			callback(links.length > 0 ? links : undefined);
		}
	});
}
