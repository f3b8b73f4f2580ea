/**
 * `npm run workshop` as an operator meets it: the two links in the exact form other tools read,
 * the built page served at the join link, a clear error for a bad option, and a clean Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startWorkshopServer } from '../../server/workshop/server.ts';
import { EVENTS } from '../../src/workshop/protocol.ts';
import { ask, connect } from './client.ts';

const CLI = resolve(import.meta.dirname, '..', '..', 'server', 'cli.ts');

function run(args: string[], until?: RegExp) {
	const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	let err = '';
	child.stdout.on('data', (d: Buffer) => (out += d.toString()));
	child.stderr.on('data', (d: Buffer) => (err += d.toString()));
	const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
	const printed = new Promise<void>((ok, fail) => {
		if (!until) return ok();
		const timer = setTimeout(() => fail(new Error(`no ${until} in:\n${out}${err}`)), 30_000);
		child.stdout.on('data', () => {
			if (until.test(out)) {
				clearTimeout(timer);
				ok();
			}
		});
	});
	return { child, exited, printed, out: () => out, err: () => err };
}

/** A GET with the path sent exactly as written (fetch would normalise it). */
function rawStatus(port: number, path: string): Promise<number | undefined> {
	return new Promise((ok, fail) => {
		const req = request({ host: '127.0.0.1', port, path }, (res) => {
			res.resume();
			ok(res.statusCode);
		});
		req.once('error', fail);
		req.end();
	});
}

describe('npm run workshop', () => {
	it('prints the instructor and join links, answers the instructor there, and stops on Ctrl-C', async () => {
		const data = mkdtempSync(join(tmpdir(), 'workshop-cli-'));
		const p = run(
			['--port', '0', '--no-static', '--data', data, '--lessons', '03,07', '--title', 'Room 4'],
			/^Learners join: .*$/m
		);
		await p.printed;
		const instructor =
			/^Instructor: http:\/\/127\.0\.0\.1:(\d+)\/\?workshop=([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})&view=instructor#secret=([A-Za-z0-9_-]{22,})$/m.exec(
				p.out()
			);
		expect(instructor, p.out()).not.toBeNull();
		const [, port, code, secret] = instructor!;
		expect(p.out()).toMatch(
			new RegExp(`^Learners join: http://127\\.0\\.0\\.1:${port}/\\?workshop=${code}$`, 'm')
		);

		const socket = connect(`http://127.0.0.1:${port}`);
		const snap = await ask(socket, EVENTS.instructorJoin, { code, secret });
		expect(snap).toMatchObject({
			ok: true,
			workshop: { title: 'Room 4', lessons: ['join-the-mesh', 'waypoints'] }
		});
		socket.disconnect();
		const page = await fetch(`http://127.0.0.1:${port}/?workshop=${code}`);
		expect([page.status, await page.text()]).toEqual([
			404,
			'This workshop hub serves no page (started with --no-static).\n'
		]);

		p.child.kill('SIGINT');
		expect(await p.exited).toBe(0);
		expect(p.err()).toContain('stopping the workshop hub');
	}, 60_000);

	// Four CLI processes, started together: each loads the hub through tsx, which alone can take
	// 15 s on a loaded two-core machine.
	it('refuses an unknown lesson or a bad port with a clear error and exit code 2', async () => {
		const lesson = run(['--lessons', '03,42', '--no-static', '--port', '0']);
		const port = run(['--port', 'eighty']);
		const redis = run(['--no-static', '--port', '0', '--redis', 'redis://127.0.0.1:1']);
		const resume = run(['--code', 'abcd-efgh-ijkl', '--no-static']);
		expect(await lesson.exited).toBe(2);
		expect(lesson.err()).toMatch(
			/^error: unknown lesson "42"; the lessons are: 01 meet-the-cluster, 02 install-istio, 03 join-the-mesh/
		);
		expect(await port.exited).toBe(2);
		expect(port.err()).toMatch(/^error: --port must be 0–65535, not "eighty"/);
		expect(await redis.exited).toBe(2);
		expect(redis.err()).toMatch(
			/^error: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: connect ECONNREFUSED/
		);
		expect(await resume.exited).toBe(2);
		expect(resume.err()).toMatch(/^error: --code needs --secret/);
	}, 180_000);
});

describe('the page at the hub’s origin', () => {
	it('serves dist/: the page for app paths, files with their type, never outside the folder', async () => {
		const dist = join(mkdtempSync(join(tmpdir(), 'workshop-dist-')), 'dist');
		mkdirSync(dist);
		writeFileSync(join(dist, '..', 'secret.txt'), 'not for learners');
		mkdirSync(join(dist, 'assets'));
		writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Mesh Playground</title>');
		writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
		const hub = await startWorkshopServer({
			distDir: dist,
			dataDir: mkdtempSync(join(tmpdir(), 'workshop-'))
		});
		try {
			const page = await fetch(hub.joinUrl);
			expect(page.status).toBe(200);
			expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
			expect(await page.text()).toContain('<title>Mesh Playground</title>');
			const js = await fetch(`${hub.url}/assets/app-1234.js`);
			expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
			expect(js.headers.get('cache-control')).toContain('immutable');
			expect((await fetch(`${hub.url}/assets/missing.js`)).status).toBe(404);
			// An encoded slash survives URL parsing and decodes to `../`: the resolve check stops it.
			expect(await rawStatus(hub.port, '/..%2fsecret.txt')).toBe(404);
			expect(await rawStatus(hub.port, '/assets/..%2f..%2fsecret.txt')).toBe(404);
			expect((await fetch(`${hub.url}/`, { method: 'POST' })).status).toBe(405);
		} finally {
			await hub.close();
		}
	});

	it('says so when the port is taken', async () => {
		const first = await startWorkshopServer({ dataDir: mkdtempSync(join(tmpdir(), 'workshop-')) });
		try {
			await expect(
				startWorkshopServer({ port: first.port, dataDir: mkdtempSync(join(tmpdir(), 'workshop-')) })
			).rejects.toThrow(`port ${first.port} on 127.0.0.1 is in use: choose another with --port`);
		} finally {
			await first.close();
		}
	});

	it('says how to build the page when dist/ is missing', async () => {
		const hub = await startWorkshopServer({
			distDir: join(tmpdir(), 'no-such-dist'),
			dataDir: mkdtempSync(join(tmpdir(), 'workshop-'))
		});
		try {
			const res = await fetch(hub.joinUrl);
			expect(res.status).toBe(503);
			expect(await res.text()).toMatch(/run `npm run build`/);
		} finally {
			await hub.close();
		}
	});
});
