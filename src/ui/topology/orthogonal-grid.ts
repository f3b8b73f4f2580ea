/**
 * The orthogonal visibility grid the router searches: lines along every obstacle's sides and
 * down the middle of every gap between them (libavoid's orthogonal visibility graph), which
 * obstacles block each node and stretch, how many edges already use each stretch, and A* over
 * it. Pure: route.ts decides what to route and how lines end.
 */
import type { Box } from './layout.ts';
import type { Point } from './route.ts';

const BEND = 28;
/** A search that has looked at this many states gives up (the edge gets an elbow). */
const MAX_EXPANSIONS = 60_000;
/** Lines keep this far from the canvas's sides, so a label on them is not cut off. */
const EDGE_ROOM = 9;
/** A stretch another edge already uses costs this much more per pixel, per edge using it. */
const CROWDING = 2.5;

const strictlyInside = (x: number, y: number, b: Box): boolean =>
	x > b.x + 0.01 && x < b.x + b.width - 0.01 && y > b.y + 0.01 && y < b.y + b.height - 0.01;

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
export class Grid {
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
export function search(
	grid: Grid,
	from: Point,
	to: Point,
	own: readonly number[]
): number[] | undefined {
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

export function markUse(grid: Grid, ids: readonly number[], delta: 1 | -1): void {
	const cols = grid.xs.length;
	for (let k = 1; k < ids.length; k++) {
		const [a, b] = [Math.min(ids[k - 1]!, ids[k]!), Math.max(ids[k - 1]!, ids[k]!)];
		if (b - a === 1) grid.useRight[a]! += delta;
		else if (b - a === cols) grid.useDown[a]! += delta;
	}
}

/** Grid nodes to corner points only. */
export function corners(grid: Grid, ids: readonly number[]): Point[] {
	const cols = grid.xs.length;
	const pts = ids.map((id) => ({ x: grid.xs[id % cols]!, y: grid.ys[Math.floor(id / cols)]! }));
	return pts.filter((p, k) => {
		const [a, b] = [pts[k - 1], pts[k + 1]];
		return !a || !b || !((a.x === p.x && p.x === b.x) || (a.y === p.y && p.y === b.y));
	});
}
