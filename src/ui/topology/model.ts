/**
 * The topology's view model: the inventory (regions, groups, boxes) with the edge ledger's
 * records turned into drawable edges, each with one state, a liveness flag and an accessible
 * name. Pure: Node tests feed it API objects, capture entries and TrafficEvents.
 */
import { EDGE_KINDS, edgeState, edgeTotals, type EdgeKind, type EdgeLedger } from './edges.ts';
import type { Inventory, TopologyItem, TopologyRegion } from './inventory.ts';
import { t } from '../i18n/i18n.svelte.ts';

export type { EdgeKind } from './edges.ts';

/** Wall ms after its last traffic an edge stops pulsing (it stays drawn, dimmed). */
export const LIVE_MS = 3000;

export interface TopologyEdge {
	readonly id: string;
	readonly from: string;
	readonly to: string;
	readonly state: EdgeKind;
	/** Traffic in the last LIVE_MS. */
	readonly live: boolean;
	readonly counts: Readonly<Record<EdgeKind, number>>;
	/** Requests (or connections, where no proxy reported) between the two, drawn once. */
	readonly requests: number;
	/** Failed ones by code (`403`, `denied`, `reset`), most first. */
	readonly errors: readonly { readonly code: string; readonly count: number }[];
	/** What the edge's label reads, as Kiali writes it: `12 · 3×403`. */
	readonly summary: string;
	/** The edge's transport: HBONE/TLS (drawn solid) or the clear (dashed). */
	readonly secure: boolean;
	readonly reason?: string;
	readonly http?: string;
	/** Most recent first: clicking the edge opens the first in the Traces tab. */
	readonly traceIds: readonly string[];
	/** "curl → productpage-v1: mTLS (HBONE); 3 requests (3 mtls)". */
	readonly label: string;
}

export interface TopologyModel {
	readonly regions: readonly TopologyRegion[];
	readonly items: ReadonlyMap<string, TopologyItem>;
	readonly edges: readonly TopologyEdge[];
	readonly structureKey: string;
}

/** What an edge's state means, in the page's language. */
export function edgeLabel(kind: EdgeKind): string {
	if (kind === 'mtls') return 'mTLS (HBONE)';
	if (kind === 'plaintext') return t('edge.plaintext');
	if (kind === 'l7') return t('legend.l7');
	if (kind === 'denied') return t('legend.denied');
	return t('edge.failed');
}

/** `productpage-v1-56b474697c-c76m6` → `productpage-v1`: what a learner calls the pod. */
export function shortName(item: TopologyItem): string {
	if (item.kind === 'ztunnel') return 'ztunnel';
	const m = /^(.*?)(-[a-z0-9]{8,10})?-[a-z0-9]{5}$/.exec(item.name);
	return m?.[1] || item.name;
}

/** `12`, or `12 · 3×403` with the errors, or `12 · 3×403 · 1×reset`. */
export function summaryText(
	requests: number,
	errors: readonly { readonly code: string; readonly count: number }[]
): string {
	return [String(requests), ...errors.map((e) => `${e.count}×${e.code}`)].join(' · ');
}

function countsText(counts: Record<EdgeKind, number>): string {
	const parts = EDGE_KINDS.filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
	return parts.join(', ');
}

export function buildTopology(
	inventory: Inventory,
	ledger: EdgeLedger,
	now: number
): TopologyModel {
	const edges: TopologyEdge[] = [];
	for (const record of ledger.edges.values()) {
		const from = inventory.items.get(record.from);
		const to = inventory.items.get(record.to);
		const state = edgeState(record);
		if (!from || !to || !state) continue;
		const reason = state.reason;
		const http = state.http;
		const { requests, errors } = edgeTotals(record);
		const secure = record.transport?.secure ?? state.kind !== 'plaintext';
		const errorsText = errors.map((e) => `, ${e.count}×${e.code}`).join('');
		edges.push({
			id: record.id,
			from: record.from,
			to: record.to,
			state: state.kind,
			live: now - Math.max(...Object.values(record.last).map((o) => o.seen)) < LIVE_MS,
			counts: { ...record.counts },
			requests,
			errors,
			summary: summaryText(requests, errors),
			secure,
			traceIds: [...record.traceIds],
			...(reason ? { reason } : {}),
			...(http ? { http } : {}),
			label:
				`${shortName(from)} → ${shortName(to)}: ${edgeLabel(state.kind)}` +
				`${reason ? ` (${reason})` : ''}; ` +
				`${t('edge.requests', { count: requests })}${errorsText} (${countsText(record.counts)})`
		});
	}
	edges.sort((a, b) => a.id.localeCompare(b.id));
	return {
		regions: inventory.regions,
		items: inventory.items,
		edges,
		structureKey: inventory.structureKey
	};
}
