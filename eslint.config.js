import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

/** Layering: arrows point one way, ui → lessons → shell → mesh (DESIGN.md). */
const layer = (from, patterns) => ({
	files: [from],
	rules: { 'no-restricted-imports': ['error', { patterns }] }
});

/** The mesh's owners: a contract room (xds, istio) imports none of them. */
const MESH_OWNERS = [
	'**/istiod/**',
	'**/proxy/**',
	'**/ztunnel/**',
	'**/waypoint/**',
	'**/sidecar/**',
	'**/apps/**',
	'**/cluster/**'
];

/** What nothing under src/mesh may import. */
const MESH_PATTERNS = [
	{
		group: ['**/shell/**', '**/shell'],
		message: 'mesh must not import shell; shell depends on mesh, not the reverse.'
	},
	{ group: ['**/lessons/**'], message: 'mesh must not import lessons; emit an event instead.' },
	{
		group: ['**/ui/**', '*.svelte', 'svelte', 'svelte/*'],
		message: 'mesh must not import ui; emit an event instead.'
	},
	{
		group: ['**/platform/**', '**/workers/**', 'comlink', 'node:*'],
		message: 'mesh is pure: no Worker, Node or browser APIs; the runtime injects them.'
	}
];

/** Wall-clock reads the mesh must not make (STYLE.md principle 3). */
const WALL_CLOCK_SYNTAX = [
	{
		selector: "NewExpression[callee.name='Date'][arguments.length=0]",
		message: 'new Date() reads wall time: use simDate(ctx.clock.now()).'
	},
	{
		selector: "CallExpression[callee.name='Date']",
		message: 'Date() reads wall time: use simDate(ctx.clock.now()).'
	}
];

/** Istio's well-known ports (mesh/istio/ports.ts and its owners'): never literals in mesh/net. */
const ISTIO_PORTS = [15000, 15001, 15006, 15008, 15012, 15020, 15021, 15053, 15090];

export default ts.config(
	{
		ignores: [
			'dist/',
			'node_modules/',
			'coverage/',
			'screenshots/',
			'examples/docs-site/.vitepress/cache/',
			'examples/docs-site/.vitepress/dist/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: { parser: ts.parser, svelteConfig, extraFileExtensions: ['.svelte'] }
		}
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			'@typescript-eslint/consistent-type-imports': 'error'
		}
	},
	layer('src/mesh/**', MESH_PATTERNS),
	// A contract's room sits below its owners (issue 15): istiod and the proxies import it.
	layer('src/mesh/xds/**', [
		...MESH_PATTERNS,
		{
			group: MESH_OWNERS,
			message: 'mesh/xds is the istiod ↔ proxy contract: owners import it, it imports no owner.'
		}
	]),
	// Istio's own names (version, image hub, log line formats): a room below every owner.
	layer('src/mesh/istio/**', [
		...MESH_PATTERNS,
		{
			group: MESH_OWNERS,
			message: 'mesh/istio holds Istio’s names and formats: owners import it, it imports no owner.'
		}
	]),
	// The network is the floor: sockets, routes and segments, knowing no host runtime, owner or
	// Istio name. Redirection is a netfilter hook its owner installs (cni/), as on Linux.
	layer('src/mesh/net/**', [
		...MESH_PATTERNS,
		{
			group: [
				'**/runtime/**',
				'**/istiod/**',
				'**/ztunnel/**',
				'**/waypoint/**',
				'**/sidecar/**',
				'**/proxy/**',
				'**/apps/**',
				'**/cluster/**',
				'**/xds/**',
				'**/cni/**',
				'**/istio/**',
				'**/tls/**',
				'**/hbone/**'
			],
			message:
				'mesh/net is the floor: it knows sockets and routes, not Istio; the runtime, the proxies and istio-cni import it (and install netfilter hooks), not the reverse.'
		}
	]),
	// istiod reads the API server, not the cluster's controllers or the images that run it.
	// The runtime is the seam: it runs hosts, and is given their programs and CNI chain.
	layer('src/mesh/runtime/**', [
		...MESH_PATTERNS,
		{
			group: [
				'**/cni/**',
				'**/istio/**',
				'**/istiod/**',
				'**/xds/**',
				'**/proxy/**',
				'**/ztunnel/**',
				'**/waypoint/**',
				'**/sidecar/**',
				'**/apps/**',
				'**/cluster/**'
			],
			message:
				'the runtime is the seam: the edges inject the programs (programFor) and the CNI chain (cniChain); it imports no Istio component, app or controller.'
		}
	]),
	layer('src/mesh/istiod/**', [
		...MESH_PATTERNS,
		{
			group: ['**/cluster/**', '**/apps/**', '**/ztunnel/**', '**/waypoint/**'],
			message: 'istiod reads the API and speaks xds: it never imports the cluster, apps or a proxy.'
		}
	]),
	// Proxies never import each other (DESIGN.md): each composes the proxy core (mesh/proxy: L4,
	// L7 and the shared matchers) and shares net, tls, hbone, xds and istio (issue 15).
	layer('src/mesh/proxy/**', [
		...MESH_PATTERNS,
		{
			group: [
				'**/ztunnel/**',
				'**/waypoint/**',
				'**/sidecar/**',
				'**/apps/**',
				'**/cluster/**',
				'**/istiod/**'
			],
			message:
				'mesh/proxy is the core every proxy composes: ztunnel, waypoint and sidecar import it, it imports none of them.'
		}
	]),
	layer('src/mesh/ztunnel/**', [
		...MESH_PATTERNS,
		{
			group: ['**/waypoint/**', '**/sidecar/**', '**/apps/**', '**/cluster/**', '**/istiod/**'],
			message:
				'ztunnel never imports another proxy, an app, the cluster or istiod: share through the proxy core (mesh/proxy), net, tls, hbone, xds or istio.'
		}
	]),
	layer('src/mesh/waypoint/**', [
		...MESH_PATTERNS,
		{
			group: ['**/ztunnel/**', '**/sidecar/**', '**/apps/**', '**/cluster/**', '**/istiod/**'],
			message:
				'the waypoint never imports another proxy, an app, the cluster or istiod: share through the proxy core (mesh/proxy), net, tls, hbone, xds or istio.'
		}
	]),
	layer('src/mesh/sidecar/**', [
		...MESH_PATTERNS,
		{
			group: ['**/ztunnel/**', '**/waypoint/**', '**/apps/**', '**/cluster/**', '**/istiod/**'],
			message:
				'the sidecar never imports another proxy, an app, the cluster or istiod: share through the proxy core (mesh/proxy), net, tls, hbone, xds or istio.'
		}
	]),
	layer('src/shell/**', [
		{
			group: ['**/lessons/**', '**/ui/**', '**/platform/**', '**/workers/**', 'svelte', 'svelte/*'],
			message: 'shell may import only mesh: it runs headless in Node.'
		}
	]),
	layer('src/lessons/**', [
		{
			group: ['**/ui/**', '**/platform/**', '**/workers/**', 'svelte', 'svelte/*'],
			message: 'lessons may import mesh and shell only.'
		}
	]),
	layer('src/workshop/**', [
		{
			group: ['**/server/**', 'node:*', 'socket.io', 'socket.io-client', 'redis', '@socket.io/*'],
			message:
				'src/workshop is what the page and the hub share: pure TypeScript, no Node APIs or transport.'
		},
		{
			group: ['**/ui/**', '**/lessons/**', '**/shell/**', '**/mesh/**', 'svelte', 'svelte/*'],
			message:
				'src/workshop holds the protocol only; the page and the hub import it, not the reverse.'
		}
	]),
	layer('src/{ui,platform}/**', [
		{
			group: ['**/server/**'],
			message: 'the page never imports the hub: server/ runs in Node only.'
		}
	]),
	layer('src/platform/**', [
		{
			group: ['**/server/**'],
			message: 'the page never imports the hub: server/ runs in Node only.'
		},
		{
			group: ['**/ui/**', '*.svelte', 'svelte', 'svelte/*'],
			message: 'platform is an edge under ui: ui imports platform, not the reverse.'
		}
	]),
	layer('src/embed/**', [
		{
			group: [
				'**/mesh/**',
				'**/shell/**',
				'**/lessons/**',
				'**/ui/**',
				'**/platform/**',
				'**/workers/**',
				'svelte',
				'svelte/*'
			],
			message:
				'src/embed is the embed protocol and /embed.js: pure and small, loaded by docs pages; no app code.'
		}
	]),
	layer('workers/**', [
		{
			group: ['**/shell/**', '**/lessons/**', '**/ui/**'],
			message: 'workers wrap one mesh host; no shell, lessons or ui.'
		}
	]),
	{
		// Factories split into named parts (issue 15): no function in the mesh over 100 lines.
		files: ['src/mesh/**/*.ts'],
		rules: {
			'max-lines-per-function': ['error', { max: 100, skipBlankLines: true, skipComments: true }]
		}
	},
	{
		// Determinism: the runtime injects clock and rng (STYLE.md principle 3).
		files: ['src/mesh/**/*.ts'],
		rules: {
			'no-restricted-globals': [
				'error',
				{ name: 'setTimeout', message: 'use ctx.clock.after: mesh time is sim time.' },
				{ name: 'setInterval', message: 'use ctx.clock.after: mesh time is sim time.' },
				{
					name: 'performance',
					message: 'mesh never reads wall time; benchmarks live in test/bench.'
				},
				{ name: 'window', message: 'mesh has no DOM.' },
				{ name: 'document', message: 'mesh has no DOM.' },
				{ name: 'self', message: 'mesh has no Worker API; wrap it in workers/.' },
				{ name: 'postMessage', message: 'mesh has no Worker API; talk through an Endpoint.' },
				{
					name: 'crypto',
					message: 'use ctx.crypto: the runtime injects WebCrypto (and tracks it).'
				}
			],
			'no-restricted-properties': [
				'error',
				{
					object: 'Date',
					property: 'now',
					message: 'use ctx.clock.now(): sim time, not wall time.'
				},
				{
					object: 'Math',
					property: 'random',
					message: 'use ctx.rng: seeded, so transcripts repeat.'
				},
				// The same through globalThis.
				...['setTimeout', 'setInterval', 'performance', 'Date', 'Math', 'crypto'].map(
					(property) => ({
						object: 'globalThis',
						property,
						message:
							'mesh reads time, randomness and WebCrypto from ctx (clock, rng, crypto), not globalThis.'
					})
				)
			],
			'no-restricted-syntax': ['error', ...WALL_CLOCK_SYNTAX]
		}
	},
	{
		// The network knows no Istio port: listeners and redirect targets belong to their owners.
		files: ['src/mesh/net/**/*.ts'],
		rules: {
			'no-restricted-syntax': [
				'error',
				...WALL_CLOCK_SYNTAX,
				{
					selector: `:matches(${ISTIO_PORTS.map((p) => `Literal[value=${p}]`).join(', ')})`,
					message:
						'mesh/net knows no Istio port: take it from mesh/istio/ports.ts in the component that owns it (cni/, a proxy).'
				}
			]
		}
	}
);
