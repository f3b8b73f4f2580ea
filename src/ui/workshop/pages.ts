/**
 * Which page this address is: the normal playground (with a learner's workshop layer when
 * `?workshop=` is present), the instructor dashboard, or the hub-less presenter follower.
 * The dashboard and the follower boot no mesh; they load as their own chunks.
 */
import type { Component } from 'svelte';
import { instructorSecret, workshopParams, type KeyValue } from './identity.ts';

export interface OtherPage {
	readonly load: () => Promise<{ default: Component<Record<string, unknown>> }>;
	readonly props: Record<string, unknown>;
}

export function otherPage(search: string, hash: string, session: KeyValue): OtherPage | undefined {
	const { code, view } = workshopParams(search);
	if (code && view === 'instructor')
		return {
			load: () => import('./Dashboard.svelte') as never,
			props: { code, secret: instructorSecret(hash, session, code) ?? '' }
		};
	if (!code && view === 'presenter')
		return { load: () => import('./PresenterFollow.svelte') as never, props: {} };
	return undefined;
}
