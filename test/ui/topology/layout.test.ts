/**
 * The layout fills the pane it is given (issue 16: "the layout does not use extra width") and
 * keeps a readable size, scrolling rather than shrinking, when the pane is small.
 */
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../../src/ui/topology/inventory.ts';
import {
	ITEM_HEIGHT,
	ITEM_WIDTH,
	layoutTopology,
	REGION_HEADER,
	type Box
} from '../../../src/ui/topology/layout.ts';
import { cluster } from '../fixtures.ts';
import { bookinfoCluster } from './bookinfo.ts';

const inside = (inner: Box, outer: Box) =>
	inner.x >= outer.x &&
	inner.y >= outer.y &&
	inner.x + inner.width <= outer.x + outer.width &&
	inner.y + inner.height <= outer.y + outer.height;
const apart = (a: Box, b: Box) =>
	a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;

const PANES = [
	{ width: 1500, height: 820 },
	{ width: 620, height: 560 },
	{ width: 320, height: 260 }
];

describe('layoutTopology', () => {
	it.each(PANES)(
		'nests every box in its group and region, none overlapping ($width×$height)',
		(pane) => {
			for (const input of [cluster(true), bookinfoCluster()]) {
				const inv = buildInventory(input);
				const layout = layoutTopology(inv.regions, pane);
				for (const region of inv.regions) {
					const r = layout.boxes.get(region.id)!;
					for (const ns of region.groups) {
						const n = layout.boxes.get(ns.id)!;
						expect(inside(n, r)).toBe(true);
						expect(n.y).toBeGreaterThanOrEqual(r.y + REGION_HEADER);
						for (const svc of ns.groups) {
							const s = layout.boxes.get(svc.id)!;
							expect(inside(s, n)).toBe(true);
							for (const item of svc.items)
								expect(inside(layout.boxes.get(item.id)!, s)).toBe(true);
						}
					}
				}
				const items = [...inv.items.values()].filter((i) => i.kind !== 'ztunnel');
				const boxes = items.map((i) => layout.boxes.get(i.id)!);
				expect(boxes.every((b) => b.width === ITEM_WIDTH && b.height === ITEM_HEIGHT)).toBe(true);
				for (let i = 0; i < boxes.length; i++)
					for (let j = i + 1; j < boxes.length; j++) expect(apart(boxes[i]!, boxes[j]!)).toBe(true);
				const regions = inv.regions.map((r) => layout.boxes.get(r.id)!);
				for (let i = 0; i < regions.length; i++)
					for (let j = i + 1; j < regions.length; j++)
						expect(apart(regions[i]!, regions[j]!)).toBe(true);
			}
		}
	);

	it('uses the whole of a wide pane: regions span it, pods spread across it and down it', () => {
		const inv = buildInventory(bookinfoCluster());
		const pane = PANES[0]!;
		const layout = layoutTopology(inv.regions, pane);
		expect([layout.width, layout.height]).toEqual([pane.width, pane.height]);
		const regions = inv.regions.map((r) => layout.boxes.get(r.id)!);
		expect(Math.max(...regions.map((r) => r.x + r.width))).toBeGreaterThan(0.95 * pane.width);
		expect(Math.max(...regions.map((r) => r.y + r.height))).toBeGreaterThan(0.75 * pane.height);
		const pods = [...inv.items.values()].filter((i) => i.kind === 'pod');
		const xs = pods.map((p) => layout.boxes.get(p.id)!.x);
		expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(0.6 * pane.width);
	});

	it('reflows in a narrower pane: as wide as the pane, taller', () => {
		const inv = buildInventory(bookinfoCluster());
		const narrow = layoutTopology(inv.regions, PANES[1]!);
		expect(narrow.width).toBe(PANES[1]!.width);
		const wide = layoutTopology(inv.regions, PANES[0]!);
		expect(wide.boxes).not.toEqual(narrow.boxes);
		expect(narrow.height).toBeGreaterThan(wide.height * (PANES[1]!.height / PANES[0]!.height));
	});

	it('keeps boxes full size in a tiny pane: the layout is wider or taller, and scrolls', () => {
		const inv = buildInventory(bookinfoCluster());
		const pane = PANES[2]!;
		const layout = layoutTopology(inv.regions, pane);
		expect(layout.width).toBeGreaterThanOrEqual(pane.width);
		expect(layout.height).toBeGreaterThan(pane.height);
		for (const item of inv.items.values()) {
			if (item.kind === 'ztunnel') continue;
			const b = layout.boxes.get(item.id)!;
			expect([b.width, b.height]).toEqual([ITEM_WIDTH, ITEM_HEIGHT]);
			expect(b.x + b.width).toBeLessThanOrEqual(layout.width);
		}
	});

	it('gives the same boxes for the same structure and pane', () => {
		const inv = buildInventory(bookinfoCluster());
		expect(layoutTopology(inv.regions, PANES[1]!)).toEqual(layoutTopology(inv.regions, PANES[1]!));
	});
});
