/** A step's progress status in the page's language, for tooltips and screen readers. */
import type { StepProgress } from '../../lessons/progress.ts';
import { t } from '../i18n/i18n.svelte.ts';

export function statusName(status: StepProgress['status']): string {
	if (status === 'solved') return t('lesson.status.solved');
	if (status === 'solved-with-help') return t('lesson.status.solvedWithHelp');
	return t('lesson.status.pending');
}
