/**
 * The fuzz harness must be able to fail: each case plants one kind of bug in a command and checks
 * the harness reports it (and that a well-behaved command passes).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/mesh/api/objects.ts';
import type { Command } from '../../src/shell/command.ts';
import { createPlayground, type Playground } from '../../src/shell/playground.ts';
import { inProcessRuntime } from '../support/playground.ts';
import { runFuzzInput, snapshotStore, type FuzzInput } from './harness.ts';

const planted = (name: string, run: Command['run']): Command => ({ name, summary: name, run });

const CONFIG_MAP = {
	apiVersion: 'v1',
	kind: 'ConfigMap',
	metadata: { name: 'sneaky', namespace: 'default' }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const COMMANDS: Command[] = [
	planted('deaf', async () => {
		await sleep(300);
		return 0;
	}),
	planted('slow', async (_argv, io, ctx) => {
		await new Promise((r) => ctx.signal.addEventListener('abort', r, { once: true }));
		await sleep(50);
		io.stderr('^C\n');
		return 130;
	}),
	planted('boom', () => {
		throw new TypeError("Cannot read properties of undefined (reading 'x')");
	}),
	planted('never', () => new Promise<number>(() => {})),
	planted('silent', async () => 1),
	planted('leaky', async (_argv, io) => {
		io.stdout(`pod/${String({})} created\n`);
		return 0;
	}),
	planted('fraction', async () => 1.5),
	planted('sneaky', async (_argv, io, ctx) => {
		ctx.cluster.api.create(structuredClone(CONFIG_MAP) as unknown as KubeObject);
		io.stderr('error: something failed\n');
		return 1;
	}),
	planted('orphan', async (_argv, io, ctx) => {
		const pods = ctx.cluster.api.resolve('pods');
		if (!pods) return 1;
		ctx.cluster.api.create({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {
				name: 'orphan',
				namespace: 'default',
				// An owner of a kind the server cannot map: the garbage collector leaves the pod
				// (the real one retries rather than delete), so the invariant stays broken.
				ownerReferences: [
					{
						apiVersion: 'example.com/v1',
						kind: 'Widget',
						name: 'gone',
						uid: 'no-such-uid',
						controller: true
					}
				]
			},
			spec: { containers: [{ name: 'c', image: 'nginx' }] }
		} as unknown as KubeObject);
		io.stdout('created\n');
		return 0;
	})
];

let pg: Playground;

// A fresh cluster per case: the planted bugs leave the store broken on purpose.
beforeEach(async () => {
	pg = await createPlayground({
		runtime: inProcessRuntime(),
		scenario: 'empty',
		commands: COMMANDS
	});
});

afterEach(async () => {
	await pg.cluster.dispose();
});

const FAST = { interruptMs: 200, hangMs: 400 };

describe('fuzz harness', () => {
	it.each<[string, FuzzInput, RegExp]>([
		['an exception', { label: 't', source: 'boom' }, /internal error|TypeError|Cannot read/],
		['a hang', { label: 't', source: 'never' }, /did not finish/],
		['a command that ignores Ctrl-C', { label: 't', source: 'deaf' }, /ignored Ctrl-C/],
		['a silent failure', { label: 't', source: 'silent' }, /nothing on stderr/],
		['a leaked object', { label: 't', source: 'leaky' }, /\[object Object\]/],
		['a non-integer exit code', { label: 't', source: 'fraction' }, /not an integer/],
		[
			'a failed command that changed the store',
			{ label: 't', source: 'sneaky', unchanged: 'on-failure' },
			/store changed/
		],
		['a broken invariant', { label: 't', source: 'orphan' }, /invariant: .*owned by Widget gone/]
	])('reports %s', async (_name, input, expected) => {
		const outcome = await runFuzzInput(pg, input, FAST);
		expect(outcome.problems.join('\n')).toMatch(expected);
	});

	it('passes a long command that stops at Ctrl-C', async () => {
		const outcome = await runFuzzInput(pg, { label: 't', source: 'slow' }, FAST);
		expect(outcome.code).toBe(130);
		expect(outcome.problems).toEqual([]);
	});

	it('passes a failure that says why and leaves the store alone', async () => {
		const before = snapshotStore(pg);
		const outcome = await runFuzzInput(
			pg,
			{ label: 't', source: 'kubectl get pods missing', unchanged: 'on-failure' },
			FAST
		);
		expect(outcome.code).toBe(1);
		expect(outcome.problems).toEqual([]);
		expect(snapshotStore(pg)).toBe(before);
	});
});
