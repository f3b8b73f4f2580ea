/**
 * Box placement: node regions holding namespace frames, which hold service frames, which hold
 * pods. Frames are packed in rows (shelves) under the width the pane gives, then stretched to
 * fill it: frames grow, pods spread out, so a wide pane gets a wide graph and the gaps between
 * boxes become channels the edges run in (route.ts). Regions sit side by side or stacked,
 * whichever shape best fits the pane. Below a readable minimum the layout keeps its size and
 * the pane scrolls. Pure and synchronous: the same structure and size give the same boxes, and
 * traffic never moves a box.
 */
import type { TopologyGroup, TopologyRegion } from './inventory.ts';
import { frameNotes, frameTitle, titleWidth, textWidth } from './text-metrics.ts';

export interface Box {
	readonly x: number;
	readonly y: number;
	readonly width: number;
	readonly height: number;
}

export interface Layout {
	readonly width: number;
	readonly height: number;
	/** Absolute boxes of regions, groups and items, by id. */
	readonly boxes: ReadonlyMap<string, Box>;
}

/** The pane's size in CSS pixels. */
export interface Viewport {
	readonly width: number;
	readonly height: number;
}

export const ITEM_WIDTH = 136;
export const ITEM_HEIGHT = 30;
/** Room at a region's top for its title and its ztunnel bar. */
export const REGION_HEADER = 58;
/** Room at a namespace or service frame's top for its title. */
export const GROUP_HEADER = 24;
const PAD = 12;
/** Gaps between siblings: wide enough for a few lines and a count label between boxes. */
const GAP_X = 36;
const GAP_Y = 32;
/** Around the regions: edges between regions may run here. */
export const MARGIN = 18;
/** Extra height is shared between rows, at most this much per gap (then it stays below). */
const MAX_ROW_SPREAD = 96;

interface Block {
	readonly id: string;
	readonly header: number;
	readonly minWidth: number;
	readonly children: readonly Block[];
	readonly leaf: boolean;
}

interface Measured {
	readonly block: Block;
	readonly width: number;
	readonly height: number;
	readonly rows: readonly (readonly Measured[])[];
}

const leaf = (id: string): Block => ({
	id,
	header: 0,
	minWidth: ITEM_WIDTH,
	children: [],
	leaf: true
});

function groupBlock(g: TopologyGroup): Block {
	return {
		id: g.id,
		header: GROUP_HEADER,
		minWidth: titleWidth(frameTitle(g), frameNotes(g)) + 2 * PAD,
		children: [...g.groups.map(groupBlock), ...g.items.map((i) => leaf(i.id))],
		leaf: false
	};
}

function regionBlock(r: TopologyRegion): Block {
	const ztunnel = r.ztunnel ? textWidth(`ztunnel ${r.ztunnel.name}`, 'mono10') + 24 : 0;
	return {
		id: r.id,
		header: REGION_HEADER,
		minWidth: Math.max(ITEM_WIDTH + 2 * PAD, titleWidth(r.name, [r.ip]) + 2 * PAD, ztunnel + 16),
		children: r.groups.map(groupBlock),
		leaf: false
	};
}

const rowWidth = (row: readonly Measured[]): number =>
	row.reduce((w, m) => w + m.width, 0) + GAP_X * Math.max(0, row.length - 1);
const rowHeight = (row: readonly Measured[]): number => Math.max(0, ...row.map((m) => m.height));

/** The smallest box for `block` in rows no wider than `budget` (wider only if one child is). */
function measure(block: Block, budget: number): Measured {
	if (block.leaf) return { block, width: ITEM_WIDTH, height: ITEM_HEIGHT, rows: [] };
	const inner = Math.max(0, budget - 2 * PAD);
	const rows: Measured[][] = [];
	for (const child of block.children.map((c) => measure(c, inner))) {
		const row = rows.at(-1);
		if (row && rowWidth(row) + GAP_X + child.width <= inner) row.push(child);
		else rows.push([child]);
	}
	const width = Math.max(block.minWidth, 2 * PAD + Math.max(0, ...rows.map(rowWidth)));
	const content = rows.reduce((h, r) => h + rowHeight(r), 0) + GAP_Y * Math.max(0, rows.length - 1);
	return { block, width, height: block.header + (rows.length ? content + PAD : 4), rows };
}

/** Places `m` in the given box, stretching frames and spreading pods to fill it. */
function place(m: Measured, box: Box, out: Map<string, Box>): void {
	out.set(m.block.id, box);
	if (m.rows.length === 0) return;
	const innerW = box.width - 2 * PAD;
	const contentH =
		m.rows.reduce((h, r) => h + rowHeight(r), 0) + GAP_Y * Math.max(0, m.rows.length - 1);
	const spare = Math.max(0, box.height - m.block.header - PAD - contentH);
	stackRows(m.rows, box.x + PAD, box.y + m.block.header, innerW, spare, out);
}

/**
 * Rows top-aligned, one under another. Spare height goes between them (capped: past that it
 * stays below), or, to a single row, makes its frames taller, so frames line up across regions.
 * Returns where the last row ends.
 */
function stackRows(
	rows: readonly (readonly Measured[])[],
	x: number,
	top: number,
	width: number,
	spare: number,
	out: Map<string, Box>
): number {
	const lone = rows.length === 1 ? Math.min(spare, 2 * MAX_ROW_SPREAD) : 0;
	const spread = rows.length > 1 ? Math.min(MAX_ROW_SPREAD, spare / (rows.length - 1)) : 0;
	let y = top;
	rows.forEach((row, i) => {
		const h = rowHeight(row) + lone;
		placeRow(row, x, y, width, h, out);
		y += h + (i + 1 < rows.length ? GAP_Y + spread : 0);
	});
	return y;
}

function placeRow(
	row: readonly Measured[],
	x0: number,
	y: number,
	width: number,
	height: number,
	out: Map<string, Box>
): void {
	const extra = Math.max(0, width - rowWidth(row));
	const frames = row.filter((m) => !m.block.leaf).reduce((w, m) => w + m.width, 0);
	// Frames grow with their width; a row of pods only spreads out, evenly.
	const slack = frames > 0 ? 0 : extra / (row.length + 1);
	let x = x0 + slack;
	for (const m of row) {
		const w = m.block.leaf ? m.width : m.width + (extra * m.width) / frames;
		const h = m.block.leaf ? m.height : height;
		const top = m.block.leaf ? y + (height - m.height) / 2 : y;
		place(m, { x: round(x), y: round(top), width: round(w), height: round(h) }, out);
		x += w + GAP_X + slack;
	}
}

const round = (n: number): number => Math.round(n * 2) / 2;

interface Arrangement {
	readonly rows: readonly (readonly Measured[])[];
	readonly width: number;
	readonly height: number;
}

/** Regions `perRow` to a row, each measured in its share of the pane's width. */
function arrange(regions: readonly Block[], perRow: number, paneWidth: number): Arrangement {
	const share = (paneWidth - 2 * MARGIN - GAP_X * (perRow - 1)) / perRow;
	const measured = regions.map((r) => measure(r, share));
	const rows: Measured[][] = [];
	for (let i = 0; i < measured.length; i += perRow) rows.push(measured.slice(i, i + perRow));
	return {
		rows,
		width: 2 * MARGIN + Math.max(0, ...rows.map(rowWidth)),
		height:
			2 * MARGIN + rows.reduce((h, r) => h + rowHeight(r), 0) + GAP_Y * Math.max(0, rows.length - 1)
	};
}

/**
 * Lays the regions out for a pane of `viewport`: of the arrangements (1, 2 … n regions a row),
 * the one that would need the least zooming out to fit, then stretched to the pane.
 */
export function layoutTopology(regions: readonly TopologyRegion[], viewport: Viewport): Layout {
	const paneW = Math.max(1, viewport.width);
	const paneH = Math.max(1, viewport.height);
	// Nodes with workloads first: a short pane shows them, not an empty control plane.
	const blocks = [
		...regions.filter((r) => r.groups.length > 0),
		...regions.filter((r) => r.groups.length === 0)
	].map(regionBlock);
	let best: Arrangement | undefined;
	let bestScore = Infinity;
	for (let perRow = 1; perRow <= Math.max(1, blocks.length); perRow++) {
		const a = arrange(blocks, perRow, paneW);
		// Scrolling sideways is worse than scrolling down: a too-wide arrangement loses.
		const score = Math.max(a.width / paneW, a.height / paneH) + (a.width > paneW + 1 ? 10 : 0);
		if (score < bestScore - 0.01) [best, bestScore] = [a, score];
	}
	const boxes = new Map<string, Box>();
	if (!best) return { width: 0, height: 0, boxes };
	const width = Math.max(paneW, best.width);
	const height = Math.max(paneH, best.height);
	const bottom = stackRows(
		best.rows,
		MARGIN,
		MARGIN,
		width - 2 * MARGIN,
		height - best.height,
		boxes
	);
	return { width, height: Math.max(height, bottom + MARGIN), boxes };
}
