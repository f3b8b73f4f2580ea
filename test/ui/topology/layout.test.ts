import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { buildInventory } from '../../../src/ui/topology/inventory.ts';
import {
	ITEM_HEIGHT,
	ITEM_WIDTH,
	layoutTopology,
	REGION_HEADER
} from '../../../src/ui/topology/layout.ts';
import { cluster } from '../fixtures.ts';

const inside = (
	inner: { x: number; y: number; width: number; height: number },
	outer: { x: number; y: number; width: number; height: number }
) =>
	inner.x >= outer.x &&
	inner.y >= outer.y &&
	inner.x + inner.width <= outer.x + outer.width &&
	inner.y + inner.height <= outer.y + outer.height;

describe('layoutTopology (ELK)', () => {
	it('places every box inside its group and region, without overlaps', async () => {
		const inv = buildInventory(cluster(true));
		const layout = await layoutTopology(inv.regions, new ELK());
		for (const region of inv.regions) {
			const r = layout.boxes.get(region.id)!;
			expect(r.width).toBeGreaterThanOrEqual(ITEM_WIDTH);
			for (const ns of region.groups) {
				const n = layout.boxes.get(ns.id)!;
				expect(inside(n, r)).toBe(true);
				expect(n.y).toBeGreaterThanOrEqual(r.y + REGION_HEADER);
				for (const svc of ns.groups) {
					const s = layout.boxes.get(svc.id)!;
					expect(inside(s, n)).toBe(true);
					for (const item of svc.items) expect(inside(layout.boxes.get(item.id)!, s)).toBe(true);
				}
			}
		}
		const items = [...inv.items.values()].filter((i) => i.kind !== 'ztunnel');
		const boxes = items.map((i) => layout.boxes.get(i.id)!);
		expect(boxes.every((b) => b.width === ITEM_WIDTH && b.height === ITEM_HEIGHT)).toBe(true);
		for (let i = 0; i < boxes.length; i++)
			for (let j = i + 1; j < boxes.length; j++) {
				const [a, b] = [boxes[i]!, boxes[j]!];
				const apart =
					a.x + a.width <= b.x ||
					b.x + b.width <= a.x ||
					a.y + a.height <= b.y ||
					b.y + b.height <= a.y;
				expect(apart).toBe(true);
			}
		const regions = inv.regions.map((r) => layout.boxes.get(r.id)!);
		expect(regions[1]!.y).toBeGreaterThanOrEqual(regions[0]!.y + regions[0]!.height);
	});
});
