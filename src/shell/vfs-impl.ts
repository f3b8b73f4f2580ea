/**
 * An in-memory file tree behind the `Vfs` contract. Home and cwd are `/root`; seeded files are
 * given relative to it (`samples/bookinfo/platform/kube/bookinfo.yaml`) or absolute. Writing a
 * file creates its parent folders, since there is no `mkdir`; `/dev/null` swallows writes.
 */
import type { Vfs } from './vfs.ts';

export const HOME = '/root';

/** Joins `path` onto `cwd` and resolves `.`/`..` (never above `/`). */
export function normalizePath(path: string, cwd: string): string {
	const full = path.startsWith('/') ? path : `${cwd}/${path}`;
	const out: string[] = [];
	for (const seg of full.split('/')) {
		if (seg === '' || seg === '.') continue;
		if (seg === '..') out.pop();
		else out.push(seg);
	}
	return '/' + out.join('/');
}

function parentOf(path: string): string {
	const i = path.lastIndexOf('/');
	return i <= 0 ? '/' : path.slice(0, i);
}

class MemoryVfs implements Vfs {
	readonly #files = new Map<string, string>();
	readonly #dirs = new Set<string>(['/']);

	constructor(readonly cwd: string) {
		for (const d of [HOME, '/tmp', '/dev']) this.#mkdirs(d);
		this.#files.set('/dev/null', '');
	}

	#mkdirs(dir: string): void {
		for (let d = dir; !this.#dirs.has(d); d = parentOf(d)) this.#dirs.add(d);
	}

	resolve(path: string): string {
		return normalizePath(path, this.cwd);
	}

	read(path: string): string | undefined {
		return this.#files.get(this.resolve(path));
	}

	write(path: string, content: string): void {
		const p = this.resolve(path);
		if (p === '/dev/null' || this.#dirs.has(p)) return;
		this.#mkdirs(parentOf(p));
		this.#files.set(p, content);
	}

	mkdir(path: string): void {
		this.#mkdirs(this.resolve(path));
	}

	remove(path: string): void {
		const p = this.resolve(path);
		if (p !== '/dev/null') this.#files.delete(p);
	}

	removeTree(path: string): void {
		const dir = this.resolve(path);
		if (dir === '/' || !this.#dirs.has(dir)) return;
		const prefix = dir + '/';
		for (const f of [...this.#files.keys()]) if (f.startsWith(prefix)) this.#files.delete(f);
		for (const d of [...this.#dirs]) if (d === dir || d.startsWith(prefix)) this.#dirs.delete(d);
	}

	append(path: string, content: string): void {
		this.write(path, (this.read(path) ?? '') + content);
	}

	exists(path: string): boolean {
		const p = this.resolve(path);
		return this.#files.has(p) || this.#dirs.has(p);
	}

	isDirectory(path: string): boolean {
		return this.#dirs.has(this.resolve(path));
	}

	list(path: string): string[] | undefined {
		const dir = this.resolve(path);
		if (!this.#dirs.has(dir)) return undefined;
		const prefix = dir === '/' ? '/' : dir + '/';
		const names = new Set<string>();
		for (const p of [...this.#files.keys(), ...this.#dirs]) {
			if (p !== dir && p.startsWith(prefix))
				names.add(p.slice(prefix.length).split('/')[0] as string);
		}
		return [...names].sort();
	}
}

/** A fresh tree seeded with `files` (paths relative to `/root` or absolute). */
export function createVfs(files: Record<string, string> = {}): Vfs {
	const vfs = new MemoryVfs(HOME);
	for (const [path, content] of Object.entries(files)) vfs.write(path, content);
	return vfs;
}

/**
 * The same tree seen from another working directory: what `cd` changes. Relative paths are
 * resolved against `cwd()`, then handed to the base as absolute paths.
 */
export function withCwd(base: Vfs, cwd: () => string): Vfs {
	const abs = (p: string): string => normalizePath(p, cwd());
	return {
		resolve: abs,
		read: (p) => base.read(abs(p)),
		write: (p, c) => base.write(abs(p), c),
		append: (p, c) => base.append(abs(p), c),
		remove: (p) => base.remove(abs(p)),
		removeTree: (p) => base.removeTree(abs(p)),
		mkdir: (p) => base.mkdir(abs(p)),
		exists: (p) => base.exists(abs(p)),
		isDirectory: (p) => base.isDirectory(abs(p)),
		list: (p) => base.list(abs(p))
	};
}
