/**
 * Tests of commands that block until Ctrl-C (`kubectl port-forward`, `istioctl dashboard`):
 * start one, read its output as it comes, stop it, and wait on a condition meanwhile.
 */
import { utf8 } from '../../src/mesh/net/http/message.ts';
import type { Playground } from '../../src/shell/playground.ts';

/** An HTTP/1.1 GET of `path` on a forwarded local port, closing after the answer. */
export const GET = (path: string): Uint8Array =>
	utf8(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);

/** Starts a blocking command; returns its output so far, a stop (Ctrl-C) and its exit code. */
export function start(p: Playground, line: string) {
	let out = '';
	const controller = new AbortController();
	const code = p.shell.execute(
		line,
		{ stdin: '', stdout: (t) => (out += t), stderr: (t) => (out += t) },
		{ signal: controller.signal }
	);
	return { output: () => out, stop: () => controller.abort(), code };
}

/** Polls `probe` every 5 ms of real time, up to 2.5 s. */
export async function until(what: string, probe: () => boolean): Promise<void> {
	for (let i = 0; i < 500; i++) {
		if (probe()) return;
		await new Promise((r) => setTimeout(r, 5));
	}
	throw new Error(`timed out waiting for ${what}`);
}
