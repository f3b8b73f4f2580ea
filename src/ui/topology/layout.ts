/**
 * Box placement by ELK (elkjs): regions stacked, namespace and service groups packed inside
 * them. ELK is 1.6 MB, so it is loaded on first use and runs in its own worker; Node tests pass
 * `elk.bundled.js` instead. Edges are not part of the layout: traffic comes and goes, and boxes
 * must not jump when it does. Only a change of `structureKey` asks for a new layout.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { TopologyGroup, TopologyRegion } from './inventory.ts';

export interface Box {
	readonly x: number;
	readonly y: number;
	readonly width: number;
	readonly height: number;
}

export interface Layout {
	readonly width: number;
	readonly height: number;
	/** Absolute boxes of regions, groups and items, by id. */
	readonly boxes: ReadonlyMap<string, Box>;
}

/** The subset of ELK's API we use, so tests can hand in the bundled build. */
export interface ElkLike {
	layout(graph: ElkNode): Promise<ElkNode>;
}

export const ITEM_WIDTH = 136;
export const ITEM_HEIGHT = 30;
/** Room at a region's top for its title and its ztunnel bar. */
export const REGION_HEADER = 56;
const GROUP_HEADER = 20;

const packed = (top: number, gap: number, aspect: number) => ({
	'elk.algorithm': 'rectpacking',
	'elk.aspectRatio': String(aspect),
	'elk.spacing.nodeNode': String(gap),
	'elk.padding': `[top=${top},left=8,bottom=8,right=8]`
});

function groupNode(group: TopologyGroup): ElkNode {
	return {
		id: group.id,
		layoutOptions: packed(GROUP_HEADER, 8, group.kind === 'namespace' ? 1.6 : 1.2),
		children: [
			...group.groups.map(groupNode),
			...group.items.map((i) => ({ id: i.id, width: ITEM_WIDTH, height: ITEM_HEIGHT }))
		]
	};
}

/** Regions with no pods still get a box wide enough for their ztunnel. */
export function toElkGraph(regions: readonly TopologyRegion[]): ElkNode {
	return {
		id: 'root',
		layoutOptions: { ...packed(0, 16, 0.4), 'elk.padding': '[top=4,left=4,bottom=4,right=4]' },
		children: regions.map((r) => ({
			id: r.id,
			layoutOptions: {
				...packed(REGION_HEADER, 10, 1.4),
				'elk.nodeSize.constraints': 'MINIMUM_SIZE',
				'elk.nodeSize.minimum': `(${ITEM_WIDTH + 16}, ${REGION_HEADER + 8})`
			},
			children: r.groups.map(groupNode)
		}))
	};
}

/** Flattens ELK's relative coordinates into absolute boxes. */
export function readLayout(root: ElkNode): Layout {
	const boxes = new Map<string, Box>();
	const walk = (node: ElkNode, dx: number, dy: number): void => {
		for (const child of node.children ?? []) {
			const x = dx + (child.x ?? 0);
			const y = dy + (child.y ?? 0);
			boxes.set(child.id, { x, y, width: child.width ?? 0, height: child.height ?? 0 });
			walk(child, x, y);
		}
	};
	walk(root, 0, 0);
	return { width: root.width ?? 0, height: root.height ?? 0, boxes };
}

export async function layoutTopology(
	regions: readonly TopologyRegion[],
	elk: ElkLike
): Promise<Layout> {
	return readLayout(await elk.layout(toElkGraph(regions)));
}

let browserElk: Promise<ElkLike> | undefined;

/** ELK in a Web Worker, loaded on first call: it stays out of the page's first bundle. */
export function loadBrowserElk(): Promise<ElkLike> {
	browserElk ??= Promise.all([
		import('elkjs/lib/elk-api.js'),
		import('elkjs/lib/elk-worker.min.js?url')
	]).then(([api, worker]) => new api.default({ workerUrl: worker.default }));
	return browserElk;
}
