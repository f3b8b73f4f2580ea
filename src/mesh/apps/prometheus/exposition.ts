/**
 * Prometheus's text exposition format (and the OpenMetrics text ztunnel serves), as the scraper
 * reads it (model/textparse): `name{label="value",…} value [timestamp]` per line; `#` lines
 * (HELP, TYPE, EOF) carry no samples.
 */
import type { LabelSet } from './discovery.ts';

export interface ScrapedSample {
	/** `__name__` included. */
	readonly labels: LabelSet;
	readonly value: number;
}

function parseValue(text: string): number | undefined {
	if (text === '+Inf' || text === 'Inf') return Infinity;
	if (text === '-Inf') return -Infinity;
	if (text === 'NaN') return NaN;
	const n = Number(text);
	return text !== '' && Number.isFinite(n) ? n : undefined;
}

/** Label pairs from `a="x",b="y\"z"`; undefined when malformed. */
function parseLabels(text: string, out: LabelSet): boolean {
	let i = 0;
	while (i < text.length) {
		const name = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/.exec(text.slice(i));
		if (!name) return false;
		i += name[0].length;
		let value = '';
		for (; i < text.length && text[i] !== '"'; i++) {
			if (text[i] === '\\') {
				i++;
				value += text[i] === 'n' ? '\n' : (text[i] ?? '');
			} else value += text[i];
		}
		if (text[i] !== '"') return false;
		out[name[1] as string] = value;
		i++;
		const sep = /^\s*,?\s*/.exec(text.slice(i));
		i += sep?.[0].length ?? 0;
	}
	return true;
}

/** The samples of one scrape body; malformed lines are skipped. */
export function parseExposition(body: string): ScrapedSample[] {
	const out: ScrapedSample[] = [];
	for (const raw of body.split('\n')) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) continue;
		const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/.exec(line);
		if (!m) continue;
		const labels: LabelSet = { __name__: m[1] as string };
		if (m[2] !== undefined && !parseLabels(m[2], labels)) continue;
		const value = parseValue(m[3] as string);
		if (value === undefined) continue;
		out.push({ labels, value });
	}
	return out;
}
