/**
 * A small VitePress site about Istio ambient mode whose pages embed the playground. The
 * playground is served from another origin, given by MESH_PLAYGROUND_ORIGIN (default: the
 * playground's `npm start` address); every page loads `${origin}/embed.js`.
 */
import { defineConfig } from 'vitepress';
import { meshLessonFence } from './mesh-lesson-fence.ts';

export const PLAYGROUND_ORIGIN = (
	process.env.MESH_PLAYGROUND_ORIGIN ?? 'http://127.0.0.1:5173'
).replace(/\/+$/, '');

export default defineConfig({
	title: 'Ambient mesh, explained',
	description: 'Istio ambient mode, with a live mesh on every page.',
	cleanUrls: false,
	// The site's README is for people working on it, not a page.
	srcExclude: ['README.md'],
	// embed.js is a classic script: a cross-origin module script would need CORS headers.
	head: [['script', { src: `${PLAYGROUND_ORIGIN}/embed.js`, async: '' }]],
	vue: {
		template: { compilerOptions: { isCustomElement: (tag) => tag === 'mesh-playground' } }
	},
	markdown: { config: (md) => md.use(meshLessonFence) },
	themeConfig: {
		nav: [{ text: 'Guide', link: '/ambient/data-plane' }],
		sidebar: [
			{
				text: 'Istio ambient mode',
				items: [
					{ text: 'The data plane: ztunnel and HBONE', link: '/ambient/data-plane' },
					{ text: 'Zero trust at L4', link: '/ambient/l4-security' },
					{ text: 'Waypoints and L7', link: '/ambient/waypoints' }
				]
			}
		],
		footer: { message: `Live examples run in the Mesh Playground at ${PLAYGROUND_ORIGIN}.` }
	}
});
