/** Orthogonal routing around names (route.ts), on small hand-made scenes. */
import { describe, expect, it } from 'vitest';
import type { Box } from '../../../src/ui/topology/layout.ts';
import { segmentHits } from '../../../src/ui/topology/labels.ts';
import { CLEARANCE, routeEdges, Router } from '../../../src/ui/topology/route.ts';

const box = (x: number, y: number, width = 100, height = 30): Box => ({ x, y, width, height });
const a = box(20, 100);
const b = box(380, 100);
/** A name right between a and b, on their row. */
const wall = box(200, 60, 60, 110);

const hits = (pts: { x: number; y: number }[], n: Box) =>
	pts.slice(1).some((p, i) => segmentHits(pts[i]!, p, n));

describe('routeEdges', () => {
	it('goes straight when nothing is in the way, border to border', () => {
		const line = routeEdges([{ id: 'e', from: a, to: b }], [a, b], 520, 300).get('e')!;
		expect(line).toEqual([
			{ x: 122, y: 115 },
			{ x: 377, y: 115 }
		]);
	});

	it('goes around a name in the way, keeping its clearance', () => {
		const line = routeEdges([{ id: 'e', from: a, to: b }], [a, b, wall], 520, 300).get('e')!;
		expect(hits(line, wall)).toBe(false);
		const near = { ...wall, x: wall.x - CLEARANCE + 1, width: wall.width + 2 * CLEARANCE - 2 };
		expect(
			hits(line, { ...near, y: wall.y - CLEARANCE + 1, height: wall.height + 2 * CLEARANCE - 2 })
		).toBe(false);
		expect(line.every((p, i) => i === 0 || p.x === line[i - 1]!.x || p.y === line[i - 1]!.y)).toBe(
			true
		);
	});

	it('keeps two edges between the same boxes apart (both ways)', () => {
		const lines = routeEdges(
			[
				{ id: 'ab', from: a, to: b },
				{ id: 'ba', from: b, to: a }
			],
			[a, b],
			520,
			300
		);
		expect(lines.get('ab')).not.toEqual([...lines.get('ba')!].reverse());
	});

	it('falls back to an elbow when a box is walled in', () => {
		const cage = [
			box(0, 0, 520, 40),
			box(0, 190, 520, 40),
			box(0, 40, 10, 150),
			box(150, 40, 20, 150)
		];
		const line = routeEdges([{ id: 'e', from: a, to: b }], [a, b, ...cage], 520, 300).get('e')!;
		expect(line.length).toBeGreaterThanOrEqual(2);
		expect(line[0]!.x).toBeGreaterThan(a.x + a.width);
	});
});

describe('Router', () => {
	it('keeps a line while its edge exists, and forgets it', () => {
		const router = new Router([a, b, wall], [a, b], 520, 300);
		expect(router.route('e', a, b)).toBe(true);
		const first = router.lines().get('e');
		router.route('f', b, a);
		expect(router.lines().get('e')).toEqual(first);
		router.forget('e');
		expect([router.has('e'), router.size]).toEqual([false, 1]);
	});
});
