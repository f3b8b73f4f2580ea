/**
 * How wide the topology's text is, without a DOM: the layout sizes frames around their titles
 * and the router keeps lines off names and labels, in Node as in the page. Per-character
 * widths are a little over the real fonts' (monospace 0.6 em; sans caps and digits ≈ 0.6 em),
 * so the reserved room always holds the text; the e2e test measures the real glyphs.
 */

/** The faces the topology writes with (see FrameShape, ItemShape, EdgeShape). */
export type Face = 'mono11' | 'mono10' | 'sans10' | 'sans10bold';

const EM: Record<Face, number> = { mono11: 6.7, mono10: 6.1, sans10: 6.0, sans10bold: 6.4 };

export function textWidth(text: string, face: Face): number {
	return Math.ceil(text.length * EM[face]);
}

/** A frame's title row: the name (mono 11, or `svc/<name>`), then each note (sans 10, 6 px apart). */
export function titleWidth(title: string, notes: readonly string[]): number {
	return textWidth(title, 'mono11') + notes.reduce((w, n) => w + 6 + textWidth(n, 'sans10'), 0);
}

/** The notes a namespace frame writes after its name: `ambient`, `waypoint: <name>`. */
export function frameNotes(g: { dataplaneMode?: string; useWaypoint?: string }): string[] {
	const notes: string[] = [];
	if (g.dataplaneMode) notes.push(g.dataplaneMode);
	if (g.useWaypoint) notes.push(`waypoint: ${g.useWaypoint}`);
	return notes;
}

export const frameTitle = (g: { kind: string; label: string }): string =>
	g.kind === 'service' ? `svc/${g.label}` : g.label;
