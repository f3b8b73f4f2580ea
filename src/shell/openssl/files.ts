/**
 * Reading and writing the shell's files with OpenSSL 3's messages (apps/lib/apps.c
 * `bio_open_default`: `Can't open "F" for reading|writing, <strerror>`). A file is written only
 * when its directory exists, as fopen does.
 */
import type { Vfs } from '../vfs.ts';

export function readInput(vfs: Vfs, path: string): string | { readonly error: string } {
	if (vfs.isDirectory(path)) return { error: `Can't open "${path}" for reading, Is a directory\n` };
	const text = vfs.read(path);
	return text ?? { error: `Can't open "${path}" for reading, No such file or directory\n` };
}

/** Undefined when it can be written; otherwise the error line. */
export function cannotWrite(vfs: Vfs, path: string): string | undefined {
	if (vfs.isDirectory(path)) return `Can't open "${path}" for writing, Is a directory\n`;
	const abs = vfs.resolve(path);
	const parent = abs.slice(0, abs.lastIndexOf('/')) || '/';
	if (!vfs.isDirectory(parent))
		return `Can't open "${path}" for writing, No such file or directory\n`;
	return undefined;
}
