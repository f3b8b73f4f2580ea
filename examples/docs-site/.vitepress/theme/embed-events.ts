/**
 * Shows what the page's embeds report, for docs authors: every `mesh-playground:*` event the
 * elements dispatch becomes a line in a log, and a passed check a "✓" badge. Listens in the
 * capture phase on the document, so it hears the events whether or not they bubble.
 */
const SHOWN = ['ready', 'step', 'check', 'complete', 'command', 'error'] as const;
type Shown = (typeof SHOWN)[number];

interface Detail {
	lesson?: string | null;
	step?: number;
	title?: string;
	name?: string;
	passed?: boolean;
	text?: string;
	exitCode?: number;
	message?: string;
}

/** One line of the log, as a reader of the docs page sees it. */
export function describeEvent(type: Shown, d: Detail): string {
	const lesson = d.lesson ?? 'scenario';
	switch (type) {
		case 'ready':
			return `${lesson}: ready at step ${d.step ?? 1}`;
		case 'step':
			return `${lesson}: step ${d.step} — ${d.title ?? ''}`;
		case 'check':
			return `${d.passed ? '✓' : '✗'} ${lesson} step ${d.step}: ${d.name ?? ''}`;
		case 'complete':
			return `★ ${lesson}: lesson complete`;
		case 'command':
			return `$ ${d.text ?? ''} (exit ${d.exitCode ?? '?'})`;
		case 'error':
			return `error: ${d.message ?? ''}`;
	}
}

/** Which embed on the page sent it: its `id`, else its lesson, else its position. */
function embedName(el: Element): string {
	if (el.id) return el.id;
	const lesson = el.getAttribute('lesson');
	const all = [...document.querySelectorAll('mesh-playground')];
	return lesson ? `${lesson}#${all.indexOf(el) + 1}` : `embed #${all.indexOf(el) + 1}`;
}

/** Starts logging into `log`; returns the cleanup. */
export function showEmbedEvents(log: HTMLElement): () => void {
	const handlers = SHOWN.map((type) => {
		const handler = (event: Event) => {
			const target = event.target;
			if (!(event instanceof CustomEvent) || !(target instanceof Element)) return;
			const detail = (event.detail ?? {}) as Detail;
			const item = document.createElement('li');
			item.dataset.type = type;
			item.dataset.embed = embedName(target);
			if (type === 'check') item.dataset.passed = String(detail.passed === true);
			item.textContent = `[${item.dataset.embed}] ${describeEvent(type, detail)}`;
			if ((type === 'check' && detail.passed) || type === 'complete') item.className = 'passed';
			log.append(item);
		};
		const name = `mesh-playground:${type}`;
		document.addEventListener(name, handler, { capture: true });
		return () => document.removeEventListener(name, handler, { capture: true });
	});
	return () => handlers.forEach((off) => off());
}
