/**
 * Issue 16: edges never run through a name (a node's header row, a namespace or service title,
 * a pod's box) and their labels never cover a name or each other, on the getting-started's
 * Bookinfo with a waypoint, at a wide and a narrow pane. Requests between two workloads are
 * drawn once, labelled with their count and errors as Kiali does ("2 · 1×403").
 */
import { describe, expect, it } from 'vitest';
import { layoutTopology, type Box } from '../../../src/ui/topology/layout.ts';
import { overlaps, segmentHits } from '../../../src/ui/topology/labels.ts';
import { EdgeLedger } from '../../../src/ui/topology/edges.ts';
import { buildTopology } from '../../../src/ui/topology/model.ts';
import { buildScene, MAX_ROUTED, type Scene } from '../../../src/ui/topology/scene.ts';
import { ip } from '../../../src/mesh/types.ts';
import { event } from '../fixtures.ts';
import { bookinfoTraffic } from './bookinfo.ts';

const { model } = bookinfoTraffic();
const sceneAt = (width: number, height: number): Scene =>
	buildScene(model, layoutTopology(model.regions, { width, height }));
const boxOf = (scene: Scene, id: string): Box => scene.items.find((p) => p.item.id === id)!.box;
const name = (id: string) => id.replace(/^pod:default\/(.*?)-[a-z0-9]+-[a-z0-9]{5}$/, '$1');

describe.each([
	{ width: 1500, height: 820 },
	{ width: 620, height: 560 }
])('the Bookinfo + waypoint scene at $width×$height', ({ width, height }) => {
	const scene = sceneAt(width, height);

	it('draws every workload pair once', () => {
		const pairs = scene.edges.map((e) => `${name(e.edge.from)} → ${name(e.edge.to)}`);
		expect(new Set(pairs).size).toBe(pairs.length);
		expect(pairs).toEqual(
			expect.arrayContaining([
				'curl → waypoint',
				'waypoint → productpage-v1',
				'productpage-v1 → waypoint',
				'waypoint → reviews-v2',
				'waypoint → ratings-v1'
			])
		);
	});

	it('runs no edge segment through a name; every segment is horizontal or vertical', () => {
		for (const e of scene.edges) {
			const ends = [boxOf(scene, e.edge.from), boxOf(scene, e.edge.to)];
			const others = scene.names.filter((n) => !ends.includes(n));
			expect(e.points.length, e.edge.id).toBeGreaterThanOrEqual(2);
			for (let i = 1; i < e.points.length; i++) {
				const [a, b] = [e.points[i - 1]!, e.points[i]!];
				expect(a.x === b.x || a.y === b.y, `${e.edge.id} segment ${i}`).toBe(true);
				const hit = others.filter((n) => segmentHits(a, b, n));
				expect(hit, `${e.edge.id} segment ${i}`).toEqual([]);
			}
		}
	});

	it('starts and ends each edge at its boxes’ borders', () => {
		const near = (p: { x: number; y: number }, b: Box) =>
			p.x >= b.x - 5 && p.x <= b.x + b.width + 5 && p.y >= b.y - 5 && p.y <= b.y + b.height + 5;
		for (const e of scene.edges) {
			expect(near(e.points[0]!, boxOf(scene, e.edge.from)), e.edge.id).toBe(true);
			expect(near(e.points.at(-1)!, boxOf(scene, e.edge.to)), e.edge.id).toBe(true);
		}
	});

	it('puts no label over a name or another label', () => {
		expect(scene.edges.every((e) => e.label)).toBe(true);
		const labels = scene.edges.map((e) => ({ id: e.edge.id, box: e.label!.box }));
		for (const l of labels) {
			expect(
				scene.names.filter((n) => overlaps(l.box, n)),
				l.id
			).toEqual([]);
			const others = labels.filter((o) => o !== l && overlaps(l.box, o.box));
			expect(
				others.map((o) => o.id),
				l.id
			).toEqual([]);
			expect(l.box.x >= 0 && l.box.y >= 0 && l.box.x + l.box.width <= scene.width).toBe(true);
		}
	});

	it('labels each edge with its requests and errors, the 403 on curl → waypoint', () => {
		const summary = (from: string, to: string) =>
			scene.edges.find((e) => name(e.edge.from) === from && name(e.edge.to) === to)?.edge.summary;
		expect(summary('curl', 'waypoint')).toBe('2 · 1×403');
		expect(summary('waypoint', 'productpage-v1')).toBe('2');
		expect(summary('productpage-v1', 'waypoint')).toBe('4');
		expect(summary('waypoint', 'ratings-v1')).toBe('2');
	});
});

describe('edge styles', () => {
	it('one meaning each: L7 through the waypoint, denied for the refused request, all over HBONE', () => {
		const byPair = new Map(model.edges.map((e) => [`${name(e.from)} → ${name(e.to)}`, e]));
		expect(byPair.get('waypoint → productpage-v1')?.state).toBe('l7');
		expect(byPair.get('curl → waypoint')?.state).toBe('denied');
		expect(model.edges.every((e) => e.secure)).toBe(true);
	});
});

describe('a busy mesh', () => {
	it(`routes and labels the first ${MAX_ROUTED} edges; the rest are drawn, unlabelled`, () => {
		const { inventory } = bookinfoTraffic();
		const pods = [...inventory.items.values()].filter((i) => i.kind === 'pod');
		const ledger = new EdgeLedger();
		let n = 0;
		const events = pods.flatMap((a) =>
			pods
				.filter((b) => b !== a)
				.map((b) =>
					event({
						traceId: (++n).toString(16).padStart(32, '0'),
						src: { ip: ip(a.ip), workload: `default/${a.name}` },
						dst: { ip: ip(b.ip), workload: `default/${b.name}` }
					})
				)
		);
		ledger.addTraffic(events, inventory, 0);
		const model = buildTopology(inventory, ledger, 0);
		expect(model.edges.length).toBeGreaterThan(MAX_ROUTED);
		const scene = buildScene(model, layoutTopology(model.regions, { width: 1500, height: 820 }));
		expect(scene.edges.length).toBe(model.edges.length);
		const labelled = scene.edges.filter((e) => e.label);
		expect(labelled.length).toBe(MAX_ROUTED);
		for (const e of labelled)
			expect(
				scene.names.filter((nm) => overlaps(e.label!.box, nm)),
				e.edge.id
			).toEqual([]);
	});
});
