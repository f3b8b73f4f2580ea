/**
 * An attachment that reports whether an element is on screen. The visual pane keeps hidden
 * tabs mounted (`hidden`), so each heavy view asks before it lays out or renders at 4 Hz.
 * Shared by the Topology, Traces and Capture tabs.
 */
import type { Attachment } from 'svelte/attachments';

export function visibility(onChange: (visible: boolean) => void): Attachment<HTMLElement> {
	return (element) => {
		if (typeof IntersectionObserver === 'undefined') {
			onChange(true);
			return;
		}
		const observer = new IntersectionObserver((entries) => {
			const last = entries.at(-1);
			if (last) onChange(last.isIntersecting);
		});
		observer.observe(element);
		return () => observer.disconnect();
	};
}
