/**
 * `npm run docs:dev` serves the playground and the example docs site side by side, on two
 * origins, as a real docs site would embed it: the playground's dev server on
 * http://127.0.0.1:5173 and VitePress on http://localhost:5174 (set PLAYGROUND_PORT / DOCS_PORT
 * to move them). Ctrl-C stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 5173);
const docsPort = Number(process.env.DOCS_PORT ?? 5174);
const playground = `http://127.0.0.1:${playgroundPort}`;
const docs = `http://localhost:${docsPort}`;
const bin = (name: string) => resolve(ROOT, 'node_modules/.bin', name);

const children: ChildProcess[] = [
	spawn(bin('vite'), ['--host', '127.0.0.1', '--port', String(playgroundPort), '--strictPort'], {
		cwd: ROOT,
		stdio: ['ignore', 'ignore', 'inherit']
	}),
	spawn(
		bin('vitepress'),
		[
			'dev',
			'examples/docs-site',
			'--host',
			'localhost',
			'--port',
			String(docsPort),
			'--strictPort'
		],
		{
			cwd: ROOT,
			stdio: ['ignore', 'ignore', 'inherit'],
			env: { ...process.env, MESH_PLAYGROUND_ORIGIN: playground }
		}
	)
];

process.stdout.write(
	`playground: ${playground}/  (embed script: ${playground}/embed.js)\n` +
		`docs site:  ${docs}/  (embeds the playground from ${playground})\n`
);

const stop = () => {
	for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) {
	child.on('exit', (code) => {
		// One server gone makes the pair useless: stop the other and report why.
		if (code) process.stderr.write(`docs:dev: ${child.spawnfile} exited with ${code}\n`);
		stop();
		process.exitCode = code ?? 0;
	});
}
