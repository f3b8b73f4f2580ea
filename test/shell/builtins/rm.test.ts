/**
 * coreutils `rm` (src/rm.c, src/remove.c): what it removes with and without -r/-f/-d, and its
 * messages. Istio's Secure Gateways task cleans up with `rm -rf ./example_certs1 ./example_certs2`.
 */
import { describe, expect, it } from 'vitest';
import { exec, newSession } from '../harness.ts';

const FILES = { 'certs/a.crt': 'A', 'certs/sub/b.key': 'B', 'notes.txt': 'N', 'empty/.keep': '' };

async function after(line: string) {
	const s = newSession({ files: FILES });
	await exec(s, 'mkdir hollow');
	const r = await exec(s, line);
	const listing = (await exec(s, 'ls -a . certs 2>&1')).stdout;
	return { ...r, listing };
}

describe('rm', () => {
	it('removes a tree with -rf, as the page cleans up', async () => {
		const r = await after('rm -rf ./certs ./missing');
		expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
		expect(r.listing).toMatch(/^ls: cannot access 'certs': No such file or directory\n/);
		expect(r.listing).not.toMatch(/a\.crt|sub/);
	});

	const cases: [string, number, string, string][] = [
		['rm notes.txt', 0, '', ''],
		['rm -v notes.txt', 0, "removed 'notes.txt'\n", ''],
		['rm missing', 1, '', "rm: cannot remove 'missing': No such file or directory\n"],
		['rm -f missing', 0, '', ''],
		['rm certs', 1, '', "rm: cannot remove 'certs': Is a directory\n"],
		['rm -d certs', 1, '', "rm: cannot remove 'certs': Directory not empty\n"],
		['rm -d hollow', 0, '', ''],
		['rm', 1, '', "rm: missing operand\nTry 'rm --help' for more information.\n"],
		['rm -f', 0, '', ''],
		['rm -r .', 1, '', "rm: refusing to remove '.' or '..' directory: skipping '.'\n"],
		[
			'rm -rf /',
			1,
			'',
			"rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n"
		],
		[
			'rm -rv certs',
			0,
			"removed 'certs/a.crt'\nremoved 'certs/sub/b.key'\nremoved directory 'certs/sub'\nremoved directory 'certs'\n",
			''
		],
		[
			'rm -i notes.txt',
			1,
			'',
			'rm: prompting (-i, -I, --interactive) is not simulated in this playground\n'
		]
	];
	it.each(cases)('%s', async (line, code, stdout, stderr) => {
		const r = await after(line);
		expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code, stdout, stderr });
	});

	it('changes nothing when it fails', async () => {
		const ok = await after('true');
		for (const line of ['rm certs', 'rm -d certs', 'rm -r .', 'rm -i notes.txt'])
			expect((await after(line)).listing).toBe(ok.listing);
	});
});
