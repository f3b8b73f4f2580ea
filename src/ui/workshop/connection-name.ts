/** A workshop connection's state in the page's language, for its badge. */
import { t } from '../i18n/i18n.svelte.ts';
import type { Connection } from './workshop-client.svelte.ts';

export function connectionName(c: Connection): string {
	if (c === 'connected') return t('workshop.conn.connected');
	if (c === 'reconnecting') return t('workshop.conn.reconnecting');
	if (c === 'offline') return t('workshop.conn.offline');
	return t('workshop.conn.connecting');
}
