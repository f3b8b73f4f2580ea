/**
 * Prometheus's relabelling (model/relabel/relabel.go) for the actions the addon's scrape config
 * uses: `replace`, `keep`, `drop`, `labelmap` (plus `labeldrop`/`labelkeep`, as cheap). Regexes
 * are RE2, fully anchored; `$1`/`${1}` in a replacement refer to its groups.
 */
import type { LabelSet } from './discovery.ts';

export interface RelabelConfig {
	readonly source_labels?: readonly string[];
	readonly separator?: string;
	readonly regex?: string;
	readonly target_label?: string;
	readonly replacement?: string;
	readonly action?: string;
}

const ACTIONS = new Set(['replace', 'keep', 'drop', 'labelmap', 'labeldrop', 'labelkeep']);

/** Why a config cannot be used, as Prometheus's config loader words it; undefined if usable. */
export function relabelConfigError(c: RelabelConfig): string | undefined {
	const action = c.action ?? 'replace';
	if (!ACTIONS.has(action)) return `unknown relabel action "${action}"`;
	try {
		anchored(c.regex ?? '(.*)');
	} catch {
		return `error parsing regexp: ${c.regex ?? ''}`;
	}
	return undefined;
}

function anchored(regex: string): RegExp {
	return new RegExp(`^(?:${regex})$`);
}

/** `$1`, `${1}`, `$name` expanded from the match (Go's Regexp.Expand). */
function expand(template: string, m: RegExpExecArray): string {
	return template.replace(/\$(?:\{(\w+)\}|(\w+))/g, (_, braced: string, bare: string) => {
		const ref = braced ?? bare;
		const n = /^\d+$/.test(ref) ? Number(ref) : NaN;
		return (Number.isNaN(n) ? m.groups?.[ref] : m[n]) ?? '';
	});
}

/** Applies `configs` in order; undefined when the target is dropped. */
export function relabel(labels: LabelSet, configs: readonly RelabelConfig[]): LabelSet | undefined {
	let out: LabelSet = { ...labels };
	for (const c of configs) {
		const action = c.action ?? 'replace';
		const re = anchored(c.regex ?? '(.*)');
		const value = (c.source_labels ?? []).map((l) => out[l] ?? '').join(c.separator ?? ';');
		switch (action) {
			case 'keep':
				if (!re.test(value)) return undefined;
				break;
			case 'drop':
				if (re.test(value)) return undefined;
				break;
			case 'replace': {
				const m = re.exec(value);
				if (!m || c.target_label === undefined) break;
				const target = expand(c.target_label, m);
				const v = expand(c.replacement ?? '$1', m);
				if (v === '') delete out[target];
				else out[target] = v;
				break;
			}
			case 'labelmap': {
				const next: LabelSet = { ...out };
				for (const [k, v] of Object.entries(out)) {
					const m = re.exec(k);
					if (m) next[expand(c.replacement ?? '$1', m)] = v;
				}
				out = next;
				break;
			}
			case 'labeldrop':
				for (const k of Object.keys(out)) if (re.test(k)) delete out[k];
				break;
			case 'labelkeep':
				for (const k of Object.keys(out)) if (!re.test(k)) delete out[k];
				break;
		}
	}
	return out;
}
