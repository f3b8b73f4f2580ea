/**
 * Where each edge's label (its badge and "12 · 3×403") goes: on its own line, as near the
 * line's middle as it can be while covering no name and no other label, and preferably no
 * other edge's line. A label whose line is walled in by names all along sits in the nearest
 * free spot instead, joined to its line by a leader.
 */
import type { Box } from './layout.ts';
import type { Point } from './route.ts';

export interface LabelRequest {
	readonly id: string;
	readonly width: number;
	readonly height: number;
	/** The edge's visible polyline. */
	readonly route: readonly Point[];
}

export interface PlacedLabel {
	/** The label's rectangle. */
	readonly box: Box;
	/** The point on the line it belongs to: its centre, unless a leader joins them. */
	readonly anchor: Point;
}

const GAP = 2;
/** Labels keep off the canvas's sides. */
const EDGE = 4;
const STEP = 5;

export const overlaps = (a: Box, b: Box, slack = 0): boolean =>
	a.x < b.x + b.width + slack &&
	b.x < a.x + a.width + slack &&
	a.y < b.y + b.height + slack &&
	b.y < a.y + a.height + slack;

/** Does the axis-parallel segment a–b pass through `box`? */
export function segmentHits(a: Point, b: Point, box: Box): boolean {
	const [x0, x1] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
	const [y0, y1] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
	return x0 < box.x + box.width && x1 > box.x && y0 < box.y + box.height && y1 > box.y;
}

/** Points along the polyline every STEP px, with their distance from its middle. */
function along(route: readonly Point[]): { p: Point; off: number }[] {
	const lens = route.slice(1).map((b, i) => Math.hypot(b.x - route[i]!.x, b.y - route[i]!.y));
	const total = lens.reduce((s, l) => s + l, 0);
	const out: { p: Point; off: number }[] = [];
	let walked = 0;
	lens.forEach((len, i) => {
		const [a, b] = [route[i]!, route[i + 1]!];
		for (let s = 0; s <= len; s += STEP) {
			const t = len === 0 ? 0 : s / len;
			const p = { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
			out.push({ p, off: Math.abs(walked + s - total / 2) });
		}
		walked += len;
	});
	return out.sort((a, b) => a.off - b.off);
}

const centred = (p: Point, w: number, h: number): Box => ({
	x: Math.round(p.x - w / 2),
	y: Math.round(p.y - h / 2),
	width: w,
	height: h
});

/**
 * Places labels in order; each avoids `names`, the canvas edge and the labels placed before it.
 * Crossing another edge's line costs as much as moving 400 px along its own.
 */
export function placeLabels(
	requests: readonly LabelRequest[],
	names: readonly Box[],
	canvas: { readonly width: number; readonly height: number }
): Map<string, PlacedLabel> {
	const placed: Box[] = [];
	const out = new Map<string, PlacedLabel>();
	const free = (b: Box) =>
		b.x >= EDGE &&
		b.y >= EDGE &&
		b.x + b.width <= canvas.width - EDGE &&
		b.y + b.height <= canvas.height - EDGE &&
		!names.some((n) => overlaps(b, n, GAP)) &&
		!placed.some((l) => overlaps(b, l, GAP));
	const crossings = (b: Box, own: LabelRequest) =>
		requests.reduce(
			(n, r) =>
				r === own
					? n
					: n + (r.route.slice(1).some((q, i) => segmentHits(r.route[i]!, q, b)) ? 1 : 0),
			0
		);
	for (const r of requests) {
		let best: PlacedLabel | undefined;
		let bestCost = Infinity;
		for (const { p, off } of along(r.route)) {
			if (off > bestCost) break;
			const box = centred(p, r.width, r.height);
			if (!free(box)) continue;
			const cost = off + 400 * crossings(box, r);
			if (cost < bestCost) [best, bestCost] = [{ box, anchor: p }, cost];
		}
		best ??= offLine(r, free);
		out.set(r.id, best);
		placed.push(best.box);
	}
	return out;
}

/** The free spot nearest the line's middle, on rings around it; failing all, the middle. */
function offLine(r: LabelRequest, free: (b: Box) => boolean): PlacedLabel {
	const anchor = along(r.route)[0]?.p ?? { x: 0, y: 0 };
	for (let radius = 12; radius <= 320; radius += 8) {
		for (let deg = 0; deg < 360; deg += 10) {
			const p = {
				x: anchor.x + radius * Math.cos((deg * Math.PI) / 180),
				y: anchor.y + radius * Math.sin((deg * Math.PI) / 180)
			};
			const box = centred(p, r.width, r.height);
			if (free(box)) return { box, anchor };
		}
	}
	return { box: centred(anchor, r.width, r.height), anchor };
}
