/**
 * Issue 16: an edge's lock, "L7" or cross must never hide a name. The badge sits halfway along
 * the curve unless that covers a box or a frame's title; then it moves along the curve.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { EdgeLedger } from '../../../src/ui/topology/edges.ts';
import { edgeGeometry } from '../../../src/ui/topology/geometry.ts';
import { buildInventory } from '../../../src/ui/topology/inventory.ts';
import { layoutTopology, type Box } from '../../../src/ui/topology/layout.ts';
import { buildTopology } from '../../../src/ui/topology/model.ts';
import { buildScene } from '../../../src/ui/topology/scene.ts';
import { cluster, event } from '../fixtures.ts';

/** The badge's extent around its point: the disc and "L7" to its right (EdgeShape.svelte). */
const badge = (p: { x: number; y: number }): Box => ({
	x: p.x - 8,
	y: p.y - 8,
	width: 31,
	height: 16
});
const overlaps = (a: Box, b: Box): boolean =>
	a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('edge badges', () => {
	const from: Box = { x: 0, y: 0, width: 100, height: 30 };
	const to: Box = { x: 0, y: 400, width: 100, height: 30 };

	it('sit halfway along when nothing is there', () => {
		const plain = edgeGeometry(from, to);
		expect(edgeGeometry(from, to, undefined, [{ x: 500, y: 500, width: 10, height: 10 }])).toEqual(
			plain
		);
	});

	it('move along the curve off a name that sits halfway', () => {
		const half = edgeGeometry(from, to).mid;
		const label: Box = { x: half.x - 60, y: half.y - 10, width: 120, height: 20 };
		const moved = edgeGeometry(from, to, undefined, [label]).mid;
		expect(overlaps(badge(moved), label)).toBe(false);
		// Still on the same curve: only the badge moved, not the line.
		expect(edgeGeometry(from, to, undefined, [label]).d).toBe(edgeGeometry(from, to).d);
	});

	it('leave the curve, joined by a leader, when boxes cover it all along', () => {
		const plain = edgeGeometry(from, to);
		// A column of boxes as wide as the curve's bow, from one end to the other.
		const column: Box = { x: -80, y: 0, width: 200, height: 430 };
		const g = edgeGeometry(from, to, undefined, [column]);
		expect(g.d).toBe(plain.d);
		expect(g.anchor).toEqual(plain.mid);
		expect(overlaps(badge(g.mid), column)).toBe(false);
		expect(Math.hypot(g.mid.x - g.anchor.x, g.mid.y - g.anchor.y)).toBeLessThanOrEqual(240);
	});

	it('cover no box or frame title in a laid-out cluster with a waypoint', async () => {
		const inv = buildInventory(cluster(true));
		const layout = await layoutTopology(inv.regions, new ELK());
		const ledger = new EdgeLedger();
		const hop = (o: Parameters<typeof event>[0]) => event(o);
		ledger.addTraffic(
			[
				hop({ traceId: '1'.repeat(32), waypoint: 'default/waypoint' }),
				hop({
					traceId: '2'.repeat(32),
					reporter: 'waypoint',
					proxy: 'default/waypoint-5d9c7b8f4-abcde',
					layer: 'L7',
					waypoint: 'default/waypoint'
				}),
				hop({ traceId: '3'.repeat(32) })
			],
			inv,
			0
		);
		const scene = buildScene(buildTopology(inv, ledger, 0), layout);
		expect(scene.edges.length).toBeGreaterThanOrEqual(2);
		const names: Box[] = [
			...scene.items.map((p) => p.box),
			...scene.ztunnels.map((z) => z.box),
			...scene.frames.map((f) => ({ ...f.box, height: f.kind === 'region' ? 22 : 19 }))
		];
		for (const e of scene.edges) {
			const covered = names.filter((n) => overlaps(badge(e.geometry.mid), n));
			expect(covered, `badge of ${e.edge.id}`).toEqual([]);
			const others = scene.edges.filter((o) => o !== e).map((o) => badge(o.geometry.mid));
			expect(others.filter((o) => overlaps(badge(e.geometry.mid), o))).toEqual([]);
		}
	});
});
