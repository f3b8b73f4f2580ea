/**
 * The model placed by the layout: flat lists the SVG draws in order (frames under boxes under
 * edges). Things the current layout has no box for yet (a pod that just appeared) wait for the
 * next layout rather than being drawn at 0,0.
 */
import { badgeBox, edgeGeometry, type EdgeGeometry } from './geometry.ts';
import type { TopologyGroup, TopologyItem } from './inventory.ts';
import { ITEM_HEIGHT, type Box, type Layout } from './layout.ts';
import type { TopologyEdge, TopologyModel } from './model.ts';

export interface Frame {
	readonly id: string;
	readonly kind: 'region' | 'namespace' | 'service';
	readonly label: string;
	/** Region: node IP. Namespace: `ambient`, `waypoint: name`. */
	readonly notes: readonly string[];
	readonly box: Box;
}

export interface PlacedItem {
	readonly item: TopologyItem;
	readonly box: Box;
}

export interface PlacedZtunnel extends PlacedItem {
	/** Some live mTLS or L7 edge starts or ends on this node: the ztunnel is carrying it. */
	readonly busy: boolean;
}

export interface PlacedEdge {
	readonly edge: TopologyEdge;
	readonly geometry: EdgeGeometry;
}

export interface Scene {
	readonly width: number;
	readonly height: number;
	readonly frames: readonly Frame[];
	readonly ztunnels: readonly PlacedZtunnel[];
	readonly items: readonly PlacedItem[];
	readonly edges: readonly PlacedEdge[];
}

function groupFrames(g: TopologyGroup, layout: Layout, out: Frame[], items: PlacedItem[]): void {
	const box = layout.boxes.get(g.id);
	if (!box) return;
	const notes: string[] = [];
	if (g.dataplaneMode) notes.push(g.dataplaneMode === 'ambient' ? 'ambient' : g.dataplaneMode);
	if (g.useWaypoint) notes.push(`waypoint: ${g.useWaypoint}`);
	out.push({ id: g.id, kind: g.kind, label: g.label, notes, box });
	for (const child of g.groups) groupFrames(child, layout, out, items);
	for (const item of g.items) {
		const b = layout.boxes.get(item.id);
		if (b) items.push({ item, box: b });
	}
}

/** Where names are written: every box, and each frame's title row (FrameShape draws it there). */
function nameBoxes(
	frames: readonly Frame[],
	ztunnels: readonly PlacedItem[],
	items: readonly PlacedItem[]
): Box[] {
	const titles = frames.map((f) => ({
		x: f.box.x,
		y: f.box.y,
		width: f.box.width,
		height: f.kind === 'region' ? 22 : 19
	}));
	return [...titles, ...ztunnels.map((z) => z.box), ...items.map((p) => p.box)];
}

export function buildScene(model: TopologyModel, layout: Layout): Scene {
	const frames: Frame[] = [];
	const items: PlacedItem[] = [];
	const ztunnels: PlacedZtunnel[] = [];
	const busyNodes = new Set<string>();
	for (const e of model.edges) {
		if (!e.live || (e.state !== 'mtls' && e.state !== 'l7' && e.state !== 'denied')) continue;
		for (const end of [e.from, e.to]) {
			const item = model.items.get(end);
			if (item?.mode === 'ambient') busyNodes.add(item.node);
		}
	}
	for (const region of model.regions) {
		const box = layout.boxes.get(region.id);
		if (!box) continue;
		frames.push({ id: region.id, kind: 'region', label: region.name, notes: [region.ip], box });
		if (region.ztunnel) {
			ztunnels.push({
				item: region.ztunnel,
				box: { x: box.x + 8, y: box.y + 24, width: box.width - 16, height: ITEM_HEIGHT - 6 },
				busy: busyNodes.has(region.name)
			});
		}
		for (const g of region.groups) groupFrames(g, layout, frames, items);
	}
	const placed = new Map(items.map((p) => [p.item.id, p.box]));
	// Names, then each placed badge: a badge covers neither a name nor another badge.
	const avoid = nameBoxes(frames, ztunnels, items);
	const edges: PlacedEdge[] = [];
	for (const edge of model.edges) {
		const from = placed.get(edge.from);
		const to = placed.get(edge.to);
		if (!from || !to) continue;
		const geometry = edgeGeometry(from, to, undefined, avoid);
		avoid.push(badgeBox(geometry.mid));
		edges.push({ edge, geometry });
	}
	return { width: layout.width, height: layout.height, frames, ztunnels, items, edges };
}
