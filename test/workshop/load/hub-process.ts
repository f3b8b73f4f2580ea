/**
 * A hub as its own process (`server/cli.ts --no-static`), so the load test measures the hub's own
 * memory and can kill it like a crashed machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface HubProcess {
	readonly url: string;
	readonly code: string;
	readonly secret: string;
	readonly pid: number;
	/** Resident memory now, in MB (Linux /proc). */
	rssMB(): number;
	kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startHubProcess(args: readonly string[]): Promise<HubProcess> {
	const child: ChildProcess = spawn(
		process.execPath,
		['--import', 'tsx', resolve(ROOT, 'server', 'cli.ts'), '--port', '0', '--no-static', ...args],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
	);
	let err = '';
	child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
	const line = await new Promise<string>((ok, fail) => {
		let out = '';
		const timer = setTimeout(
			() => fail(new Error(`hub did not start in 30 s:\n${out}${err}`)),
			30_000
		);
		child.stdout?.on('data', (d: Buffer) => {
			out += d.toString();
			const m = /^Instructor: (\S+)$/m.exec(out);
			if (m?.[1]) {
				clearTimeout(timer);
				ok(m[1]);
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			fail(new Error(`hub exited with ${code}:\n${out}${err}`));
		});
	});
	child.stdout?.resume();
	const u = new URL(line);
	const pid = child.pid ?? 0;
	return {
		url: u.origin,
		code: u.searchParams.get('workshop') ?? '',
		secret: decodeURIComponent(u.hash.replace(/^#secret=/, '')),
		pid,
		rssMB() {
			try {
				const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
				return kb ? Number(kb) / 1024 : 0;
			} catch {
				return 0;
			}
		},
		kill(signal: NodeJS.Signals = 'SIGTERM') {
			return new Promise((ok) => {
				if (child.exitCode !== null || child.signalCode !== null) return ok();
				child.once('exit', () => ok());
				child.kill(signal);
			});
		}
	};
}
