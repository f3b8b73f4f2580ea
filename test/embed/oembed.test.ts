/** The static oEmbed JSON and discovery page generated for each bundled lesson. */
import { describe, expect, it } from 'vitest';
import { lessonPageHtml, oembedJson } from '../../src/embed/oembed.ts';
import { bundledLessons } from '../../scripts/embed-plugin.ts';

const LESSON = { id: 'join-the-mesh', title: 'Join <the> "mesh"', summary: 'One label & done.' };

describe('oEmbed', () => {
	it('is a rich 1.0 response whose html is the sandboxed iframe on the playground', () => {
		expect(oembedJson('https://play.example.com/mesh', LESSON)).toEqual({
			type: 'rich',
			version: '1.0',
			title: 'Join <the> "mesh"',
			provider_name: 'Mesh Playground',
			provider_url: 'https://play.example.com/mesh/',
			html:
				'<iframe src="https://play.example.com/mesh/embed.html?lesson=join-the-mesh"' +
				' title="Join &lt;the&gt; &quot;mesh&quot; — Mesh Playground" width="800" height="520"' +
				' style="border:0;max-width:100%"' +
				' sandbox="allow-scripts allow-same-origin allow-popups allow-forms allow-downloads"' +
				' allow="clipboard-read; clipboard-write" loading="lazy"></iframe>',
			width: 800,
			height: 520
		});
	});

	it('the lesson page links its oEmbed JSON for discovery, escaped', () => {
		const html = lessonPageHtml('https://play.example.com/', LESSON);
		expect(html).toContain(
			'<link rel="alternate" type="application/json+oembed" href="https://play.example.com/oembed/join-the-mesh.json" title="Join &lt;the&gt; &quot;mesh&quot;" />'
		);
		expect(html).toContain('<h1>Join &lt;the&gt; &quot;mesh&quot;</h1>');
		expect(html).toContain('<p>One label &amp; done.</p>');
		expect(html).toContain('href="https://play.example.com/?lesson=join-the-mesh"');
		expect(html).not.toContain('<the>');
	});

	it('covers every bundled lesson, by its front-matter id', () => {
		const lessons = bundledLessons();
		expect(lessons.length).toBeGreaterThanOrEqual(11);
		expect(lessons.find((l) => l.id === 'join-the-mesh')?.title).toBe(
			'Join the mesh with one label'
		);
		expect(new Set(lessons.map((l) => l.id)).size).toBe(lessons.length);
	});
});
