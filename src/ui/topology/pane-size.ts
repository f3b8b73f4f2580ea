/**
 * An attachment that reports an element's content size, and again when it changes: the
 * topology lays itself out for the pane it has. A drag of the splitter fires every frame, so
 * after the first report changes settle for `settleMs` before they are passed on.
 */
import type { Attachment } from 'svelte/attachments';

export interface PaneSize {
	readonly width: number;
	readonly height: number;
}

export function paneSize(
	onChange: (size: PaneSize) => void,
	settleMs = 120
): Attachment<HTMLElement> {
	return (element) => {
		const read = (): PaneSize => ({
			width: Math.floor(element.clientWidth),
			height: Math.floor(element.clientHeight)
		});
		// A hidden tab measures 0×0: keep the last real size, and the layout made for it.
		const report = () => {
			const size = read();
			if (size.width > 0 && size.height > 0) onChange(size);
		};
		report();
		if (typeof ResizeObserver === 'undefined') return;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const observer = new ResizeObserver(() => {
			clearTimeout(timer);
			timer = setTimeout(report, settleMs);
		});
		observer.observe(element);
		return () => {
			clearTimeout(timer);
			observer.disconnect();
		};
	};
}
