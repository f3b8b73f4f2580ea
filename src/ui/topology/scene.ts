/**
 * The model placed by the layout: flat lists the SVG draws in order (frames under boxes under
 * edges), each edge routed around every name (route.ts) with its label placed where it covers
 * none (labels.ts). Things the current layout has no box for yet (a pod that just appeared)
 * wait for the next layout rather than being drawn at 0,0.
 */
import type { TopologyGroup, TopologyItem } from './inventory.ts';
import { placeLabels, type PlacedLabel } from './labels.ts';
import { ITEM_HEIGHT, REGION_HEADER, type Box, type Layout } from './layout.ts';
import type { TopologyEdge, TopologyModel } from './model.ts';
import { elbow, Router, type Point } from './route.ts';
import { frameNotes, frameTitle, textWidth, titleWidth } from './text-metrics.ts';

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

export interface EdgeLabel {
	readonly box: Box;
	/** The point on the line the label belongs to; a leader joins them when it sits off it. */
	readonly anchor: Point;
	/** The line passes under the label (no leader needed). */
	readonly onLine: boolean;
}

export interface PlacedEdge {
	readonly edge: TopologyEdge;
	/** The routed polyline, border to border. */
	readonly points: readonly Point[];
	/** SVG path data for `points`. */
	readonly d: string;
	/** None past MAX_ROUTED edges. */
	readonly label?: EdgeLabel;
}

export interface Scene {
	readonly width: number;
	readonly height: number;
	readonly frames: readonly Frame[];
	readonly ztunnels: readonly PlacedZtunnel[];
	readonly items: readonly PlacedItem[];
	readonly edges: readonly PlacedEdge[];
	/** Where names are written (header rows, frame titles, boxes): no line or label crosses one. */
	readonly names: readonly Box[];
}

/** The ztunnel bar under a region's title (Topology.svelte draws it here). */
export const ZTUNNEL_TOP = 24;
export const LABEL_HEIGHT = 16;

/** A label's width: the badge disc, "L7" for an edge through a waypoint, then the summary. */
export function labelWidth(edge: TopologyEdge): number {
	const tag = edge.state === 'l7' ? textWidth('L7', 'sans10bold') + 4 : 0;
	return 22 + tag + textWidth(edge.summary, 'sans10bold') + 6;
}

function groupFrames(g: TopologyGroup, layout: Layout, out: Frame[], items: PlacedItem[]): void {
	const box = layout.boxes.get(g.id);
	if (!box) return;
	out.push({ id: g.id, kind: g.kind, label: g.label, notes: frameNotes(g), box });
	for (const child of g.groups) groupFrames(child, layout, out, items);
	for (const item of g.items) {
		const b = layout.boxes.get(item.id);
		if (b) items.push({ item, box: b });
	}
}

/** A region's whole header row (title and ztunnel bar); a group's title as written. */
function nameBoxes(frames: readonly Frame[], items: readonly PlacedItem[]): Box[] {
	const titles = frames.map((f) =>
		f.kind === 'region'
			? { x: f.box.x, y: f.box.y, width: f.box.width, height: REGION_HEADER - 8 }
			: {
					x: f.box.x + 4,
					y: f.box.y + 2,
					width: Math.min(f.box.width - 4, titleWidth(frameTitle(f), f.notes) + 8),
					height: 18
				}
	);
	return [...titles, ...items.map((p) => p.box)];
}

const pathData = (pts: readonly Point[]): string =>
	pts.map((p, i) => `${i ? 'L' : 'M'} ${p.x} ${p.y}`).join(' ');

/**
 * Edges drawn with a routed line and a label; past this (a busy cluster of many pods) the rest
 * are drawn as plain elbows without labels and can be hovered for their numbers.
 */
export const MAX_ROUTED = 48;

interface Drawn {
	readonly edge: TopologyEdge;
	readonly from: Box;
	readonly to: Box;
}

/** Per layout: its router, and the lines and labels last computed, reused while unchanged. */
interface Routing {
	readonly router: Router;
	key: string;
	lines: Map<string, Point[]>;
	labelKey: string;
	labels: Map<string, PlacedLabel>;
}
const routings = new WeakMap<Layout, Routing>();

/** Lines for the edges: routed (once each, shortest first) up to MAX_ROUTED, else elbows. */
function routeLines(
	layout: Layout,
	drawn: readonly Drawn[],
	names: readonly Box[],
	ports: readonly Box[]
): Routing {
	let r = routings.get(layout);
	if (!r) {
		const router = new Router(names, ports, layout.width, layout.height);
		r = { router, key: '', lines: new Map(), labelKey: '', labels: new Map() };
		routings.set(layout, r);
	}
	const key = drawn.map((d) => d.edge.id).join('\n');
	if (r.key === key) return r;
	const ids = new Set(drawn.map((d) => d.edge.id));
	for (const id of r.router.ids()) if (!ids.has(id)) r.router.forget(id);
	const span = (d: Drawn) => Math.abs(d.from.x - d.to.x) + Math.abs(d.from.y - d.to.y) || 0;
	const fresh = drawn.filter((d) => !r.router.has(d.edge.id)).sort((a, b) => span(a) - span(b));
	for (const d of fresh) {
		if (r.router.size >= MAX_ROUTED) break;
		r.router.route(d.edge.id, d.from, d.to);
	}
	const routed = r.router.lines();
	r.lines = new Map(drawn.map((d) => [d.edge.id, routed.get(d.edge.id) ?? elbow(d.from, d.to)]));
	r.key = key;
	return r;
}

/** Labels for the routed edges; placed again only when an edge or a label's width changes. */
function edgeLabels(
	r: Routing,
	drawn: readonly Drawn[],
	names: readonly Box[],
	layout: Layout
): Map<string, PlacedLabel> {
	const labelled = drawn.filter((d) => r.router.has(d.edge.id));
	const key = `${r.key}|${labelled.map((d) => labelWidth(d.edge)).join(',')}`;
	if (r.labelKey === key) return r.labels;
	r.labels = placeLabels(
		labelled.map(({ edge }) => ({
			id: edge.id,
			width: labelWidth(edge),
			height: LABEL_HEIGHT,
			route: r.lines.get(edge.id) ?? []
		})),
		names,
		layout
	);
	r.labelKey = key;
	return r.labels;
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
				box: {
					x: box.x + 8,
					y: box.y + ZTUNNEL_TOP,
					width: box.width - 16,
					height: ITEM_HEIGHT - 6
				},
				busy: busyNodes.has(region.name)
			});
		}
		for (const g of region.groups) groupFrames(g, layout, frames, items);
	}
	const names = nameBoxes(frames, items);
	const placed = new Map(items.map((p) => [p.item.id, p.box]));
	const drawn = model.edges.flatMap((edge): Drawn[] => {
		const from = placed.get(edge.from);
		const to = placed.get(edge.to);
		return from && to ? [{ edge, from, to }] : [];
	});
	const routing = routeLines(
		layout,
		drawn,
		names,
		items.map((p) => p.box)
	);
	const labels = edgeLabels(routing, drawn, names, layout);
	const edges = drawn.map(({ edge }): PlacedEdge => {
		const points = routing.lines.get(edge.id) ?? [];
		const l = labels.get(edge.id);
		const label = l && {
			box: l.box,
			anchor: l.anchor,
			onLine:
				l.anchor.x >= l.box.x &&
				l.anchor.x <= l.box.x + l.box.width &&
				l.anchor.y >= l.box.y &&
				l.anchor.y <= l.box.y + l.box.height
		};
		return { edge, points, d: pathData(points), ...(label ? { label } : {}) };
	});
	return { width: layout.width, height: layout.height, frames, ztunnels, items, edges, names };
}
