/**
 * The topology's view model: the inventory (regions, groups, boxes) with the edge ledger's
 * records turned into drawable edges, each with one state, a liveness flag and an accessible
 * name. Pure: Node tests feed it API objects, capture entries and TrafficEvents.
 */
import { EDGE_KINDS, edgeState, type EdgeKind, type EdgeLedger } from './edges.ts';
import type { Inventory, TopologyItem, TopologyRegion } from './inventory.ts';

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
	readonly reason?: string;
	readonly http?: string;
	/** Most recent first: clicking the edge opens the first in the Traces tab. */
	readonly traceIds: readonly string[];
	/** "curl → productpage-v1: mTLS (HBONE), 3 connections". */
	readonly label: string;
}

export interface TopologyModel {
	readonly regions: readonly TopologyRegion[];
	readonly items: ReadonlyMap<string, TopologyItem>;
	readonly edges: readonly TopologyEdge[];
	readonly structureKey: string;
}

export const EDGE_LABELS: Record<EdgeKind, string> = {
	plaintext: 'plaintext TCP',
	mtls: 'mTLS (HBONE)',
	l7: 'L7 via waypoint',
	denied: 'denied by policy',
	failed: 'failed'
};

/** `productpage-v1-56b474697c-c76m6` → `productpage-v1`: what a learner calls the pod. */
export function shortName(item: TopologyItem): string {
	if (item.kind === 'ztunnel') return 'ztunnel';
	const m = /^(.*?)(-[a-z0-9]{8,10})?-[a-z0-9]{5}$/.exec(item.name);
	return m?.[1] || item.name;
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
		edges.push({
			id: record.id,
			from: record.from,
			to: record.to,
			state: state.kind,
			live: now - Math.max(...Object.values(record.last).map((o) => o.seen)) < LIVE_MS,
			counts: { ...record.counts },
			traceIds: [...record.traceIds],
			...(reason ? { reason } : {}),
			...(http ? { http } : {}),
			label:
				`${shortName(from)} → ${shortName(to)}: ${EDGE_LABELS[state.kind]}` +
				`${reason ? ` (${reason})` : ''}; ${countsText(record.counts)}`
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
