/**
 * The lesson engine (src/lessons) speaks English only: it runs headless in lessons:check and may
 * not import the UI catalog. The few sentences of it the pane shows are translated here, by
 * their exact English form; anything else is shown as the engine wrote it.
 */
import { t } from '../i18n/i18n.svelte.ts';

const PREPARING = /^Preparing step (\d+)…$/;
const HELD = /^Held by your instructor at step (\d+)$/;

export function engineText(text: string): string {
	const preparing = PREPARING.exec(text);
	if (preparing) return t('lesson.busy.preparing', { n: preparing[1]! });
	if (text === 'Running the solution…') return t('lesson.busy.solving');
	const held = HELD.exec(text);
	if (held) return t('lesson.held', { n: held[1]! });
	return text;
}
