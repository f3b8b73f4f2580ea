import { describe, expect, it } from 'vitest';
import { createVfs, normalizePath, withCwd } from '../../src/shell/vfs-impl.ts';

describe('createVfs', () => {
	const vfs = createVfs({ 'samples/a.yaml': 'a', '/etc/hosts': 'h' });

	it.each([
		['samples/a.yaml', 'a'],
		['/root/samples/a.yaml', 'a'],
		['./samples/../samples/a.yaml', 'a'],
		['/etc/hosts', 'h'],
		['samples', undefined],
		['nope', undefined],
		['/dev/null', '']
	])('read(%s)', (path, content) => expect(vfs.read(path)).toBe(content));

	it('lists folders sorted, with implied parents', () => {
		expect(vfs.list('.')).toEqual(['samples']);
		expect(vfs.list('/')).toEqual(['dev', 'etc', 'root', 'tmp']);
		expect(vfs.list('samples/a.yaml')).toBeUndefined();
		expect(vfs.isDirectory('samples')).toBe(true);
		expect(vfs.exists('samples/a.yaml')).toBe(true);
	});

	it('writes, appends, creates parents and ignores /dev/null', () => {
		const v = createVfs();
		v.write('out/x.txt', 'a');
		v.append('out/x.txt', 'b');
		v.append('/dev/null', 'gone');
		expect(v.read('out/x.txt')).toBe('ab');
		expect(v.isDirectory('out')).toBe(true);
		expect(v.read('/dev/null')).toBe('');
	});

	it('withCwd resolves relative paths against another folder', () => {
		const view = withCwd(vfs, () => '/root/samples');
		expect(view.read('a.yaml')).toBe('a');
		expect(view.resolve('../x')).toBe('/root/x');
	});

	it.each([
		['a/b', '/root', '/root/a/b'],
		['../../..', '/root', '/'],
		['/x/./y/', '/root', '/x/y']
	])('normalizePath(%s, %s)', (p, cwd, out) => expect(normalizePath(p, cwd)).toBe(out));
});
