/**
 * Where an edge is drawn between two laid-out boxes: from border to border (not centre to
 * centre, so arrowheads show), bowed to one side so A→B and B→A stay apart, with a point along
 * it for its lock or cross: halfway, unless that badge would cover a name (a box, a frame's
 * title), then the nearest point along the curve where it covers none.
 */
import type { Box } from './layout.ts';

export interface EdgeGeometry {
	/** SVG path data: `M x y Q cx cy x y`. */
	readonly d: string;
	/** Where the badge (lock, "L7", cross) is drawn: on the curve unless that hides a name. */
	readonly mid: { readonly x: number; readonly y: number };
	/** The point on the curve the badge belongs to; a leader joins them when they differ. */
	readonly anchor: { readonly x: number; readonly y: number };
}

const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** Where the ray from the box's centre towards (dx, dy) leaves the box, plus a small gap. */
function exitPoint(b: Box, dx: number, dy: number, gap: number): { x: number; y: number } {
	const c = centre(b);
	const sx = dx === 0 ? Infinity : (b.width / 2 + gap) / Math.abs(dx);
	const sy = dy === 0 ? Infinity : (b.height / 2 + gap) / Math.abs(dy);
	const s = Math.min(sx, sy);
	return { x: c.x + dx * s, y: c.y + dy * s };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The badge around its point: a 16 px disc, and "L7" to its right (EdgeShape.svelte). */
const BADGE = { left: 8, right: 23, up: 8, down: 8 };

/** The rectangle a badge at `p` covers, for the next badges to avoid. */
export function badgeBox(p: { x: number; y: number }): Box {
	return {
		x: p.x - BADGE.left,
		y: p.y - BADGE.up,
		width: BADGE.left + BADGE.right,
		height: BADGE.up + BADGE.down
	};
}
/** Points along the curve to try, nearest the middle first (0.5, 0.47, 0.53 … 0.08, 0.92). */
const BADGE_TS = Array.from(
	{ length: 29 },
	(_, i) => 0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 0.03
);

function overlap(x: number, y: number, boxes: readonly Box[]): number {
	let area = 0;
	for (const b of boxes) {
		const w = Math.min(x + BADGE.right, b.x + b.width) - Math.max(x - BADGE.left, b.x);
		const h = Math.min(y + BADGE.down, b.y + b.height) - Math.max(y - BADGE.up, b.y);
		if (w > 0 && h > 0) area += w * h;
	}
	return area;
}

type Point = { x: number; y: number };

/**
 * Where the badge goes: the point along the curve nearest its middle that covers nothing in
 * `avoid`; failing that (the curve crosses boxes all along), the free spot nearest the curve's
 * middle, joined to it by a leader. Only when nothing within 240 px is free does it cover the
 * least it can.
 */
function placeBadge(
	at: (t: number) => Point,
	avoid: readonly Box[]
): { badge: Point; anchor: Point } {
	let best = { badge: at(0.5), anchor: at(0.5), area: Infinity };
	for (const t of BADGE_TS) {
		const p = at(t);
		const area = overlap(p.x, p.y, avoid);
		if (area === 0) return { badge: p, anchor: p };
		if (area < best.area) best = { badge: p, anchor: p, area };
	}
	const anchor = at(0.5);
	for (let r = 12; r <= 240; r += 12) {
		for (let deg = 0; deg < 360; deg += 15) {
			const p = {
				x: anchor.x + r * Math.cos((deg * Math.PI) / 180),
				y: anchor.y + r * Math.sin((deg * Math.PI) / 180)
			};
			if (overlap(p.x, p.y, avoid) === 0) return { badge: p, anchor };
		}
	}
	return best;
}

/** `avoid`: the rectangles holding names (boxes, frame titles) the badge must not cover. */
export function edgeGeometry(
	from: Box,
	to: Box,
	bow = 0.18,
	avoid: readonly Box[] = []
): EdgeGeometry {
	const a = centre(from);
	const b = centre(to);
	const dx = b.x - a.x;
	const dy = b.y - a.y;
	const len = Math.hypot(dx, dy) || 1;
	// Perpendicular offset for the control point: always to the left of the direction of travel.
	const cx = (a.x + b.x) / 2 - (dy / len) * len * bow;
	const cy = (a.y + b.y) / 2 + (dx / len) * len * bow;
	const start = exitPoint(from, cx - a.x, cy - a.y, 2);
	const end = exitPoint(to, cx - b.x, cy - b.y, 4);
	// A quadratic Bézier's point at t.
	const at = (t: number) => ({
		x: (1 - t) ** 2 * start.x + 2 * (1 - t) * t * cx + t ** 2 * end.x,
		y: (1 - t) ** 2 * start.y + 2 * (1 - t) * t * cy + t ** 2 * end.y
	});
	const { badge, anchor } = placeBadge(at, avoid);
	return {
		d: `M ${round(start.x)} ${round(start.y)} Q ${round(cx)} ${round(cy)} ${round(end.x)} ${round(end.y)}`,
		mid: { x: round(badge.x), y: round(badge.y) },
		anchor: { x: round(anchor.x), y: round(anchor.y) }
	};
}
