/**
 * No Svelte component writes user-visible text itself: every word a learner reads or a screen
 * reader speaks comes from the message catalog (src/ui/i18n), so a translation covers the page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hardCodedText } from './hard-coded-text.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

function svelteFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
		d.isDirectory()
			? svelteFiles(join(dir, d.name))
			: d.name.endsWith('.svelte')
				? [join(dir, d.name)]
				: []
	);
}

const found = (source: string): string[] => hardCodedText(source, 'Case.svelte').map((f) => f.text);

describe('the hard-coded text finder', () => {
	it.each([
		['a text node', '<p>Loading the editor…</p>', ['Loading the editor…']],
		['an aria-label', '<button aria-label="Zoom in">+</button>', ['Zoom in']],
		['a title with a placeholder', '<span title="Step {n}">x</span>', ['Step']],
		['both sides of a choice', "<b>{open ? 'Hide' : 'Show'}</b>", ['Hide', 'Show']],
		['a template literal', '<i>{`${n} pods`}</i>', ['pods']],
		[
			'a tab label in the script',
			"<script>const tabs = [{ id: 'nodes', label: 'Nodes' }];</script><p>{tabs.length}</p>",
			['Nodes']
		],
		['a component prop', '<Splitter label="Resize the editor" />', ['Resize the editor']]
	])('finds %s', (_, source, expected) => {
		expect(found(source)).toEqual(expected);
	});

	it.each([
		['text from the catalog', "<p>{t('editor.loading')}</p>"],
		['code', '<code>kubectl get pods</code> <kbd>Esc</kbd>'],
		['allowed names', '<h1>Mesh Playground</h1><span>ztunnel</span>'],
		['code-like tokens', '<span>&lt;none&gt;</span><input placeholder="deploy/web" />'],
		['a comparison', "<b>{kind === 'waypoint' ? name : other}</b>"],
		['styles and classes', '<div class="pane wide" style:transform="translate({x}px)"></div>']
	])('ignores %s', (_, source) => {
		expect(found(source)).toEqual([]);
	});
});

describe('Svelte components', () => {
	const files = [...svelteFiles(join(ROOT, 'src'))];
	it('are all scanned', () => {
		expect(files.length).toBeGreaterThan(50);
	});

	it('write no visible text themselves: it comes from src/ui/i18n', () => {
		const problems = files.flatMap((file) =>
			hardCodedText(readFileSync(file, 'utf8'), file).map(
				(f) => `${relative(ROOT, file)}:${f.line}: ${JSON.stringify(f.text)}`
			)
		);
		expect(problems).toEqual([]);
	});
});
