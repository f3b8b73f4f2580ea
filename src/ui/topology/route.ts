/**
 * Orthogonal edge routing around names. The free space is cut by lines along every obstacle's
 * sides (kept `CLEARANCE` away) and down the middle of every gap, as libavoid's orthogonal
 * visibility graph does; A* finds each edge the shortest path on it with few bends and little
 * sharing, and lines that still share a stretch are nudged apart. An edge's own two boxes are
 * the only obstacles it may enter: the visible line starts and ends at their borders. The grid
 * and the search are in orthogonal-grid.ts.
 */
import type { Box } from './layout.ts';
import { corners, Grid, markUse, search } from './orthogonal-grid.ts';

export interface Point {
	readonly x: number;
	readonly y: number;
}

export interface RouteRequest {
	readonly id: string;
	readonly from: Box;
	readonly to: Box;
}

/** How far a line keeps from a name. */
export const CLEARANCE = 7;
/** Perpendicular offsets for lines sharing a stretch; they stay inside the clearance. */
const NUDGES = [0, 3, -3, 6, -6];

const inflate = (b: Box, d: number): Box => ({
	x: b.x - d,
	y: b.y - d,
	width: b.width + 2 * d,
	height: b.height + 2 * d
});
const sameBox = (a: Box, b: Box): boolean =>
	a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

interface Stretch {
	readonly route: number;
	readonly seg: number;
	readonly lo: number;
	readonly hi: number;
}

/** Lines sharing a stretch of one grid line move apart, each by its own offset. */
function nudge(routes: Point[][]): void {
	const groups = new Map<string, Stretch[]>();
	routes.forEach((pts, route) => {
		for (let seg = 0; seg + 1 < pts.length; seg++) {
			const [a, b] = [pts[seg]!, pts[seg + 1]!];
			const key = a.y === b.y ? `h${a.y}` : `v${a.x}`;
			const [lo, hi] = a.y === b.y ? [a.x, b.x] : [a.y, b.y];
			const group = groups.get(key) ?? [];
			group.push({ route, seg, lo: Math.min(lo, hi), hi: Math.max(lo, hi) });
			groups.set(key, group);
		}
	});
	// offsets[route][seg]: how far that segment moves across its own direction.
	const offsets = routes.map((pts) => new Array<number>(Math.max(0, pts.length - 1)).fill(0));
	for (const stretches of groups.values()) {
		const taken: { lo: number; hi: number; slot: number }[] = [];
		for (const s of stretches) {
			const busy = new Set(
				taken.filter((t) => t.lo < s.hi - 1 && s.lo < t.hi - 1).map((t) => t.slot)
			);
			const slot = Math.max(
				0,
				NUDGES.findIndex((_, i) => !busy.has(i))
			);
			taken.push({ lo: s.lo, hi: s.hi, slot });
			offsets[s.route]![s.seg] = NUDGES[slot]!;
		}
	}
	routes.forEach((pts, route) => {
		const moved = pts.map((p) => ({ ...p }));
		offsets[route]!.forEach((d, seg) => {
			if (d === 0) return;
			const horizontal = pts[seg]!.y === pts[seg + 1]!.y;
			for (const k of [seg, seg + 1]) {
				if (horizontal) moved[k]!.y = pts[k]!.y + d;
				else moved[k]!.x = pts[k]!.x + d;
			}
		});
		pts.splice(0, pts.length, ...moved);
	});
}

/** Where the segment a→b (a inside `box`) crosses the box's border, pushed `gap` past it. */
function exit(a: Point, b: Point, box: Box, gap: number): Point {
	if (a.y === b.y) {
		const x = b.x > a.x ? box.x + box.width + gap : box.x - gap;
		return { x, y: a.y };
	}
	const y = b.y > a.y ? box.y + box.height + gap : box.y - gap;
	return { x: a.x, y };
}

const inBox = (p: Point, b: Box): boolean =>
	p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;

/** Cuts the parts inside the two boxes: the line starts and ends at their borders. */
function clip(pts: readonly Point[], from: Box, to: Box): Point[] {
	let first = 0;
	while (first + 1 < pts.length && inBox(pts[first + 1]!, from)) first++;
	let last = pts.length - 1;
	while (last - 1 > first && inBox(pts[last - 1]!, to)) last--;
	if (first + 1 > last) return [...pts];
	const start = exit(pts[first]!, pts[first + 1]!, from, 2);
	const end = exit(pts[last]!, pts[last - 1]!, to, 3);
	return [start, ...pts.slice(first + 1, last), end];
}

const centre = (b: Box): Point => ({
	x: Math.round((b.x + b.width / 2) * 2) / 2,
	y: Math.round((b.y + b.height / 2) * 2) / 2
});

/**
 * Routes edges around `names` inside a `width`×`height` canvas, one at a time and for good:
 * an edge keeps its line while it exists, so lines do not jump when traffic adds another.
 * `ports` are the boxes edges start and end at (their centre lines become grid lines).
 */
export class Router {
	readonly #names: readonly Box[];
	readonly #grid: Grid;
	readonly #paths = new Map<string, { ids: number[]; from: Box; to: Box }>();

	constructor(names: readonly Box[], ports: readonly Box[], width: number, height: number) {
		this.#names = names;
		this.#grid = new Grid(
			names.map((b) => inflate(b, CLEARANCE)),
			ports,
			width,
			height
		);
	}

	get size(): number {
		return this.#paths.size;
	}

	has(id: string): boolean {
		return this.#paths.has(id);
	}

	ids(): string[] {
		return [...this.#paths.keys()];
	}

	/** Finds `id` a line; false when the boxes are walled in (or the search gave up). */
	route(id: string, from: Box, to: Box): boolean {
		const own = this.#names.flatMap((b, k) => (sameBox(b, from) || sameBox(b, to) ? [k] : []));
		const ids = search(this.#grid, centre(from), centre(to), own);
		if (!ids) return false;
		markUse(this.#grid, ids, 1);
		this.#paths.set(id, { ids, from, to });
		return true;
	}

	forget(id: string): void {
		const path = this.#paths.get(id);
		if (path) markUse(this.#grid, path.ids, -1);
		this.#paths.delete(id);
	}

	/** Every routed line, nudged apart where they share a stretch, border to border. */
	lines(): Map<string, Point[]> {
		const entries = [...this.#paths];
		const raw = entries.map(([, p]) => corners(this.#grid, p.ids));
		nudge(raw);
		return new Map(entries.map(([id, p], i) => [id, clip(raw[i]!, p.from, p.to)]));
	}
}

/** A line for an edge the router has none for: an elbow, centre to centre, cut at the borders. */
export function elbow(from: Box, to: Box): Point[] {
	const [a, b] = [centre(from), centre(to)];
	return clip([a, { x: b.x, y: a.y }, b], from, to);
}

/** Routes all of `requests`, shortest first: the test and one-off entry point. */
export function routeEdges(
	requests: readonly RouteRequest[],
	names: readonly Box[],
	width: number,
	height: number
): Map<string, Point[]> {
	const router = new Router(
		names,
		requests.flatMap((r) => [r.from, r.to]),
		width,
		height
	);
	const order = [...requests].sort(
		(a, b) =>
			dist(centre(a.from), centre(a.to)) - dist(centre(b.from), centre(b.to)) ||
			a.id.localeCompare(b.id)
	);
	for (const r of order) router.route(r.id, r.from, r.to);
	const lines = router.lines();
	return new Map(requests.map((r) => [r.id, lines.get(r.id) ?? elbow(r.from, r.to)]));
}

const dist = (a: Point, b: Point): number => Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
