/**
 * Orthogonal edge routing around names. The free space is cut by lines along every obstacle's
 * sides (kept `CLEARANCE` away) and down the middle of every gap, as libavoid's orthogonal
 * visibility graph does; A* finds each edge the shortest path on it with few bends and little
 * sharing, and lines that still share a stretch are nudged apart. An edge's own two boxes are
 * the only obstacles it may enter: the visible line starts and ends at their borders.
 */
import type { Box } from './layout.ts';

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
const BEND = 28;
/** A search that has looked at this many states gives up (the edge gets an elbow). */
const MAX_EXPANSIONS = 60_000;
/** Lines keep this far from the canvas's sides, so a label on them is not cut off. */
const EDGE_ROOM = 9;
/** A stretch another edge already uses costs this much more per pixel, per edge using it. */
const CROWDING = 2.5;
/** Perpendicular offsets for lines sharing a stretch; they stay inside the clearance. */
const NUDGES = [0, 3, -3, 6, -6];

const inflate = (b: Box, d: number): Box => ({
	x: b.x - d,
	y: b.y - d,
	width: b.width + 2 * d,
	height: b.height + 2 * d
});
const strictlyInside = (x: number, y: number, b: Box): boolean =>
	x > b.x + 0.01 && x < b.x + b.width - 0.01 && y > b.y + 0.01 && y < b.y + b.height - 0.01;
const sameBox = (a: Box, b: Box): boolean =>
	a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

function uniqueSorted(values: number[]): number[] {
	const sorted = values.map((v) => Math.round(v * 2) / 2).sort((a, b) => a - b);
	return sorted.filter((v, i) => i === 0 || v - sorted[i - 1]! > 0.5);
}

/** Candidate lines: obstacle sides, the middles of the gaps between them, the ports' lines. */
function candidates(sides: number[], ports: number[], lo: number, hi: number): number[] {
	const s = uniqueSorted([...sides, lo, hi]);
	const mids = s.slice(1).map((v, i) => (v + s[i]!) / 2);
	return uniqueSorted([...s, ...mids, ...ports]).filter((v) => v >= lo && v <= hi);
}

/** The visibility grid: which obstacles block each node and each unit segment. */
class Grid {
	readonly xs: number[];
	readonly ys: number[];
	readonly node: (number[] | null)[];
	readonly right: (number[] | null)[];
	readonly down: (number[] | null)[];
	readonly useRight: Float64Array;
	readonly useDown: Float64Array;
	/** A* scratch, reused by every search: a state counts only if its stamp is current. */
	readonly cost: Float64Array;
	readonly parent: Int32Array;
	readonly stamp: Uint32Array;
	generation = 0;

	constructor(keep: readonly Box[], ports: readonly Box[], w: number, h: number) {
		this.xs = candidates(
			keep.flatMap((k) => [k.x, k.x + k.width]),
			ports.flatMap((b) => [0.25, 0.5, 0.75].map((f) => b.x + b.width * f)),
			EDGE_ROOM,
			w - EDGE_ROOM
		);
		this.ys = candidates(
			keep.flatMap((k) => [k.y, k.y + k.height]),
			ports.map((b) => b.y + b.height / 2),
			EDGE_ROOM,
			h - EDGE_ROOM
		);
		const n = this.xs.length * this.ys.length;
		this.node = new Array<number[] | null>(n).fill(null);
		this.right = new Array<number[] | null>(n).fill(null);
		this.down = new Array<number[] | null>(n).fill(null);
		this.useRight = new Float64Array(n);
		this.useDown = new Float64Array(n);
		this.cost = new Float64Array(n * 4);
		this.parent = new Int32Array(n * 4);
		this.stamp = new Uint32Array(n * 4);
		const blockers = (x: number, y: number, band: readonly number[]): number[] | null => {
			let found: number[] | null = null;
			for (const i of band) if (strictlyInside(x, y, keep[i]!)) (found ??= []).push(i);
			return found;
		};
		// Only obstacles spanning a row (or the gap below it) can block anything on it.
		const spanning = (y0: number, y1: number) =>
			keep.flatMap((k, i) => (k.y < y1 && k.y + k.height > y0 ? [i] : []));
		for (let j = 0; j < this.ys.length; j++) {
			const y = this.ys[j]!;
			const below = this.ys[j + 1] ?? y;
			const row = spanning(y, y);
			const band = spanning(y, below);
			for (let i = 0; i < this.xs.length; i++) {
				const id = j * this.xs.length + i;
				const x = this.xs[i]!;
				this.node[id] = blockers(x, y, row);
				if (i + 1 < this.xs.length) this.right[id] = blockers((x + this.xs[i + 1]!) / 2, y, row);
				if (j + 1 < this.ys.length) this.down[id] = blockers(x, (y + below) / 2, band);
			}
		}
	}

	/** The node nearest `p` (ports are candidate lines, so it is `p` up to rounding). */
	index(p: Point): number {
		return nearest(this.ys, p.y) * this.xs.length + nearest(this.xs, p.x);
	}
}

function nearest(values: readonly number[], v: number): number {
	let best = 0;
	values.forEach((x, i) => {
		if (Math.abs(x - v) < Math.abs(values[best]! - v)) best = i;
	});
	return best;
}

const allowed = (blockers: number[] | null, own: readonly number[]): boolean =>
	!blockers || blockers.every((b) => own.includes(b));

/** A min-heap of (priority, value) pairs. */
class Heap {
	readonly #p: number[] = [];
	readonly #v: number[] = [];
	get size(): number {
		return this.#v.length;
	}
	push(p: number, v: number): void {
		const [ps, vs] = [this.#p, this.#v];
		let i = vs.length;
		ps.push(p);
		vs.push(v);
		while (i > 0) {
			const up = (i - 1) >> 1;
			if (ps[up]! <= p) break;
			[ps[i], vs[i]] = [ps[up]!, vs[up]!];
			i = up;
		}
		[ps[i], vs[i]] = [p, v];
	}
	pop(): number {
		const [ps, vs] = [this.#p, this.#v];
		const top = vs[0]!;
		const [lp, lv] = [ps.pop()!, vs.pop()!];
		if (vs.length > 0) {
			let i = 0;
			for (;;) {
				let c = 2 * i + 1;
				if (c >= vs.length) break;
				if (c + 1 < vs.length && ps[c + 1]! < ps[c]!) c++;
				if (ps[c]! >= lp) break;
				[ps[i], vs[i]] = [ps[c]!, vs[c]!];
				i = c;
			}
			[ps[i], vs[i]] = [lp, lv];
		}
		return top;
	}
}

const DX = [1, -1, 0, 0];
const DY = [0, 0, 1, -1];

/** A* over (node, heading): the cheapest path between the two boxes' centres, as grid nodes. */
function search(grid: Grid, from: Point, to: Point, own: readonly number[]): number[] | undefined {
	const cols = grid.xs.length;
	const start = grid.index(from);
	const goal = grid.index(to);
	if (start < 0 || goal < 0) return undefined;
	const { cost, parent, stamp } = grid;
	const gen = ++grid.generation;
	const seen = (s: number) => stamp[s] === gen;
	const heap = new Heap();
	let expanded = 0;
	const h = (id: number) =>
		Math.abs(grid.xs[id % cols]! - to.x) + Math.abs(grid.ys[Math.floor(id / cols)]! - to.y);
	for (let d = 0; d < 4; d++) {
		[cost[start * 4 + d], parent[start * 4 + d], stamp[start * 4 + d]] = [0, -1, gen];
		heap.push(h(start), start * 4 + d);
	}
	while (heap.size > 0) {
		const state = heap.pop();
		const id = state >> 2;
		const dir = state & 3;
		if (id === goal) return unwind(parent, state);
		if (++expanded > MAX_EXPANSIONS) return undefined;
		const [i, j] = [id % cols, Math.floor(id / cols)];
		for (let d = 0; d < 4; d++) {
			if ((dir ^ d) === 1 && id !== start) continue; // no U-turns
			const [ni, nj] = [i + DX[d]!, j + DY[d]!];
			if (ni < 0 || nj < 0 || ni >= cols || nj >= grid.ys.length) continue;
			const next = nj * cols + ni;
			const seg = d === 0 ? id : d === 1 ? next : d === 2 ? id : next;
			const blockers = d < 2 ? grid.right[seg]! : grid.down[seg]!;
			if (!allowed(blockers, own) || !allowed(grid.node[next]!, own)) continue;
			const use = d < 2 ? grid.useRight[seg]! : grid.useDown[seg]!;
			const len = Math.abs(grid.xs[ni]! - grid.xs[i]!) + Math.abs(grid.ys[nj]! - grid.ys[j]!);
			const step = len * (1 + CROWDING * use) + (d !== dir && id !== start ? BEND : 0);
			const c = cost[state]! + step;
			const to4 = next * 4 + d;
			if (!seen(to4) || c < cost[to4]!) {
				[cost[to4], parent[to4], stamp[to4]] = [c, state, gen];
				heap.push(c + h(next), to4);
			}
		}
	}
	return undefined;
}

function unwind(parent: Int32Array, state: number): number[] {
	const ids: number[] = [];
	for (let s = state; s >= 0; s = parent[s]!) ids.push(s >> 2);
	return ids.reverse();
}

function markUse(grid: Grid, ids: readonly number[], delta: 1 | -1): void {
	const cols = grid.xs.length;
	for (let k = 1; k < ids.length; k++) {
		const [a, b] = [Math.min(ids[k - 1]!, ids[k]!), Math.max(ids[k - 1]!, ids[k]!)];
		if (b - a === 1) grid.useRight[a]! += delta;
		else if (b - a === cols) grid.useDown[a]! += delta;
	}
}

/** Grid nodes to corner points only. */
function corners(grid: Grid, ids: readonly number[]): Point[] {
	const cols = grid.xs.length;
	const pts = ids.map((id) => ({ x: grid.xs[id % cols]!, y: grid.ys[Math.floor(id / cols)]! }));
	return pts.filter((p, k) => {
		const [a, b] = [pts[k - 1], pts[k + 1]];
		return !a || !b || !((a.x === p.x && p.x === b.x) || (a.y === p.y && p.y === b.y));
	});
}

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
			const horizontal = a.y === b.y;
			const key = horizontal ? `h${a.y}` : `v${a.x}`;
			const [lo, hi] = horizontal ? [a.x, b.x] : [a.y, b.y];
			groups.set(key, [
				...(groups.get(key) ?? []),
				{ route, seg, lo: Math.min(lo, hi), hi: Math.max(lo, hi) }
			]);
		}
	});
	const offsets: Map<string, number>[] = routes.map(() => new Map());
	for (const [key, stretches] of groups) {
		const taken: { lo: number; hi: number; slot: number }[] = [];
		for (const s of stretches) {
			const busy = new Set(
				taken.filter((t) => t.lo < s.hi - 1 && s.lo < t.hi - 1).map((t) => t.slot)
			);
			const slot = NUDGES.findIndex((_, i) => !busy.has(i));
			const at = slot < 0 ? 0 : slot;
			taken.push({ lo: s.lo, hi: s.hi, slot: at });
			offsets[s.route]!.set(`${s.seg}`, NUDGES[at]!);
			offsets[s.route]!.set(`axis${s.seg}`, key.startsWith('h') ? 1 : 0);
		}
	}
	routes.forEach((pts, route) => {
		const off = offsets[route]!;
		const moved = pts.map((p) => ({ ...p }));
		for (let seg = 0; seg + 1 < pts.length; seg++) {
			const d = off.get(`${seg}`) ?? 0;
			if (d === 0) continue;
			for (const k of [seg, seg + 1]) {
				if (off.get(`axis${seg}`) === 1) moved[k]!.y = pts[k]!.y + d;
				else moved[k]!.x = pts[k]!.x + d;
			}
		}
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
