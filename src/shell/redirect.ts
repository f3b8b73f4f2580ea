/**
 * Applies a command's redirections, left to right as bash does (so `>/dev/null 2>&1` silences
 * both and `2>&1 >/dev/null` only stdout). Files live in the Vfs; `/dev/null` is a sink and an
 * empty source. Failures return bash's message; the command then does not run.
 */
import type { Redirect } from './parser/ast.ts';
import { discard, Stdin, type Sink, type Streams } from './streams.ts';
import type { Vfs } from './vfs.ts';

export interface RedirectHost {
	readonly vfs: Vfs;
	expand(word: Redirect['target']): Promise<string>;
}

type Fds = { in: Stdin; out: Sink; err: Sink; tty: boolean };

function fileSink(vfs: Vfs, path: string, append: boolean): Sink | string {
	if (path === '/dev/null') return discard;
	if (vfs.isDirectory(path)) return `${path}: Is a directory`;
	const abs = vfs.resolve(path);
	const parent = abs.slice(0, abs.lastIndexOf('/')) || '/';
	if (!vfs.isDirectory(parent)) return `${path}: No such file or directory`;
	if (!append || !vfs.exists(path)) vfs.write(path, '');
	return (text) => vfs.append(path, text);
}

/** The streams after `redirects`, or bash's error message (without `bash: `). */
export async function applyRedirects(
	redirects: readonly Redirect[],
	streams: Streams,
	host: RedirectHost
): Promise<Streams | string> {
	if (redirects.length === 0) return streams;
	const fds: Fds = {
		in: streams.stdin,
		out: streams.stdout,
		err: streams.stderr,
		tty: streams.stdoutIsTerminal
	};
	const setOut = (fd: number, sink: Sink): void => {
		if (fd === 1) {
			fds.out = sink;
			fds.tty = false;
		} else if (fd === 2) fds.err = sink;
	};
	let failure = '';
	const bothTo = (target: string, append: boolean): boolean => {
		const sink = fileSink(host.vfs, target, append);
		if (typeof sink === 'string') {
			failure = sink;
			return false;
		}
		setOut(1, sink);
		setOut(2, sink);
		return true;
	};
	const fileError = (target: string): string => failure || `${target}: No such file or directory`;
	for (const r of redirects) {
		const fd = r.fd ?? (r.op.startsWith('<') ? 0 : 1);
		if (r.op === '<<' || r.op === '<<-') {
			if (fd === 0) fds.in = new Stdin(r.heredoc ? await host.expand(r.heredoc) : '');
			continue;
		}
		const target = await host.expand(r.target);
		if (r.op === '<<<') {
			if (fd === 0) fds.in = new Stdin(target + '\n');
			continue;
		}
		if (target === '' && r.target.raw !== '') return `${r.target.raw}: ambiguous redirect`;
		if (target === '') return 'No such file or directory';
		switch (r.op) {
			case '<':
			case '<&': {
				if (r.op === '<&' && /^\d+$/.test(target)) continue;
				if (target === '/dev/null') {
					if (fd === 0) fds.in = new Stdin('');
					continue;
				}
				if (host.vfs.isDirectory(target)) return `${target}: Is a directory`;
				const content = host.vfs.read(target);
				if (content === undefined) return `${target}: No such file or directory`;
				if (fd === 0) fds.in = new Stdin(content);
				continue;
			}
			case '>&':
				if (/^\d+$/.test(target)) {
					const from = Number(target);
					const sink = from === 1 ? fds.out : from === 2 ? fds.err : undefined;
					if (!sink) return `${target}: Bad file descriptor`;
					const tty = from === 1 ? fds.tty : false;
					setOut(fd, sink);
					if (fd === 1) fds.tty = tty;
					continue;
				}
				if (target === '-') {
					setOut(fd, discard);
					continue;
				}
				// `>& file` is `&> file`.
				if (!bothTo(target, false)) return fileError(target);
				continue;
			case '&>':
			case '&>>':
				if (!bothTo(target, r.op === '&>>')) return fileError(target);
				continue;
			default: {
				const special =
					target === '/dev/stdout' ? fds.out : target === '/dev/stderr' ? fds.err : undefined;
				const sink = special ?? fileSink(host.vfs, target, r.op === '>>');
				if (typeof sink === 'string') return sink;
				setOut(fd, sink);
			}
		}
	}
	return { stdin: fds.in, stdout: fds.out, stderr: fds.err, stdoutIsTerminal: fds.tty };
}
