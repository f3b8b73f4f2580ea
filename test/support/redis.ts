/**
 * A throwaway redis-server (Debian's package) on a free loopback port, for the hub's multi-instance
 * tests and load test; `.ci/run` installs the package when missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export interface RedisProcess {
	readonly url: string;
	stop(): Promise<void>;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export async function startRedis(): Promise<RedisProcess> {
	if (!existsSync(REDIS_SERVER))
		throw new Error(
			`${REDIS_SERVER} is missing: install it with \`apt-get install -y redis-server\` or set REDIS_SERVER`
		);
	const port = await freePort();
	const child: ChildProcess = spawn(
		REDIS_SERVER,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	await new Promise<void>((resolve, reject) => {
		let out = '';
		const timer = setTimeout(
			() => reject(new Error(`redis-server did not start:\n${out}`)),
			10_000
		);
		child.stdout?.on('data', (d: Buffer) => {
			out += d.toString();
			if (out.includes('Ready to accept connections')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`redis-server exited with ${code}:\n${out}`));
		});
	});
	child.stdout?.resume();
	return {
		url: `redis://127.0.0.1:${port}`,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}
