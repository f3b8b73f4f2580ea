/**
 * Background jobs are bounded (docs/limits.md): past MAX_RUNNING_JOBS running at once, `cmd &`
 * fails as bash's fork does when the process limit is reached (jobs.c make_child: `fork:
 * Resource temporarily unavailable`), starts nothing and returns 1; the shell goes on.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/shell/command.ts';
import { MAX_RUNNING_JOBS } from '../../src/shell/jobs.ts';
import { exec, newSession } from './harness.ts';

/** Runs until killed (the stub cluster has no sim time for `sleep`). */
const block: Command = {
	name: 'block',
	summary: 'waits until its signal aborts',
	run: (_argv, _io, ctx) =>
		new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve(143)))
};

describe('background job limit', () => {
	it('refuses a job past the limit with fork’s error, and keeps running the ones it has', async () => {
		const session = newSession({ commands: [block] });
		const started = await exec(
			session,
			`for i in $(seq 1 ${MAX_RUNNING_JOBS + 2}); do block & done; echo "status $?"`
		);
		expect(started.stderr.match(/fork: Resource temporarily unavailable/g)).toHaveLength(2);
		expect(started.stdout).toBe('status 1\n');
		const count = await exec(session, 'jobs -p | wc -l');
		expect(count.stdout.trim()).toBe(String(MAX_RUNNING_JOBS));
		const killed = await exec(session, 'kill %1; block & jobs %+');
		expect(killed.stderr).not.toContain('fork');
		expect(killed.stdout).toMatch(/^\[\d+\]\+ {2}Running +block &\n$/);
	});

	it('lets a non-interactive shell start more once its jobs ended', async () => {
		const r = await exec(
			newSession(),
			`sh -c 'for i in $(seq 1 ${MAX_RUNNING_JOBS + 20}); do true & done; wait; echo done'`
		);
		expect(r.stderr).toBe('');
		expect(r.stdout).toBe('done\n');
	});
});
