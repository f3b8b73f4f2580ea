/**
 * Issue 17: hostile manifests through `kubectl apply -f -` get go-yaml's and the API server's
 * own errors, change nothing, and the shell answers the next command. (The same inputs go
 * through the page in test/e2e/redteam.e2e.test.ts; 30,000 keys and a 1 MiB ConfigMap are in
 * api-objects.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playground } from '../../src/shell/playground.ts';
import { playground } from '../support/playground.ts';

let pg: Playground;
beforeAll(async () => {
	pg = await playground('inprocess', 'empty', 1);
});
afterAll(() => pg.cluster.dispose());

async function apply(manifest: string): Promise<{ code: number; out: string }> {
	let out = '';
	const code = await pg.shell.execute('kubectl apply -f -', {
		stdin: manifest,
		stdout: (t) => (out += t),
		stderr: (t) => (out += t)
	});
	return { code, out };
}

const configMap = (name: string, data: string): string =>
	`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${data}`;

/** Nine aliases per level, nine levels: 387 million strings if expanded. */
const LAUGHS = configMap(
	'lol',
	`  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n` +
		'bcdefghi'
			.split('')
			.map((l, i) => {
				const prev = 'abcdefghi'[i];
				return `  ${l}: &${l} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
			})
			.join('')
);

describe('hostile manifests', () => {
	it.each([
		{
			name: 'a YAML alias bomb (billion laughs)',
			manifest: LAUGHS,
			error:
				'error: error parsing STDIN: error converting YAML to JSON: yaml: document contains excessive aliasing\n'
		},
		{
			name: 'a NUL byte',
			manifest: configMap('nul', '  a: "x\u0000y"\n'),
			error:
				'error: error parsing STDIN: error converting YAML to JSON: yaml: control characters are not allowed\n'
		},
		{
			name: 'invalid UTF-8 (a lone surrogate once decoded)',
			manifest: configMap('utf', '  a: x\ud800y\n'),
			error:
				'error: error parsing STDIN: error converting YAML to JSON: yaml: invalid leading UTF-8 octet\n'
		},
		{
			name: 'a 10 MB annotation',
			manifest: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  annotations:\n    a: ${'x'.repeat(10 * 1024 * 1024)}\n`,
			error:
				'The ConfigMap "big" is invalid: metadata.annotations: Too long: must have at most 262144 bytes\n'
		}
	])('$name: a clear error, nothing created', async ({ manifest, error }) => {
		const r = await apply(manifest);
		expect(r).toEqual({ code: 1, out: error });
		let out = '';
		await pg.shell.execute('kubectl get configmaps -o name', {
			stdin: '',
			stdout: (t) => (out += t),
			stderr: (t) => (out += t)
		});
		expect(out).not.toMatch(/configmap\/(lol|nul|utf|big)\b/);
	});
});
