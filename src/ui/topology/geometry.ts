/**
 * Where an edge is drawn between two laid-out boxes: from border to border (not centre to
 * centre, so arrowheads show), bowed to one side so A→B and B→A stay apart, with the point
 * halfway along for its lock or cross.
 */
import type { Box } from './layout.ts';

export interface EdgeGeometry {
	/** SVG path data: `M x y Q cx cy x y`. */
	readonly d: string;
	readonly mid: { readonly x: number; readonly y: number };
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

export function edgeGeometry(from: Box, to: Box, bow = 0.18): EdgeGeometry {
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
	// A quadratic Bézier's point at t = 0.5.
	const mid = {
		x: 0.25 * start.x + 0.5 * cx + 0.25 * end.x,
		y: 0.25 * start.y + 0.5 * cy + 0.25 * end.y
	};
	return {
		d: `M ${round(start.x)} ${round(start.y)} Q ${round(cx)} ${round(cy)} ${round(end.x)} ${round(end.y)}`,
		mid: { x: round(mid.x), y: round(mid.y) }
	};
}
