/**
 * `sh` and `bash`: `-c SCRIPT [NAME [ARG]...]` runs a child shell; `sh FILE` runs a script from
 * the file tree; with neither, the script is read from stdin (`echo 'ls' | sh`).
 */
import type { Builtin } from './types.ts';

function shell(name: 'sh' | 'bash'): Builtin {
	return {
		name,
		summary:
			name === 'sh'
				? 'Run a script in a child shell (sh -c)'
				: 'Run a script in a child shell (bash -c)',
		kind: 'shell',
		async run(argv, io, ctx) {
			let i = 0;
			let command = false;
			for (; i < argv.length; i++) {
				const a = argv[i] as string;
				if (a === '--') {
					i++;
					break;
				}
				if (!/^-[a-z]+$/.test(a) && !/^\+[a-z]+$/.test(a)) break;
				for (const c of a.slice(1)) {
					if (c === 'c') command = true;
					else if (!'exuvlis'.includes(c)) {
						io.stderr(`${name}: ${a}: invalid option\n`);
						return 2;
					}
				}
			}
			const rest = argv.slice(i);
			if (command) {
				const [script, arg0, ...args] = rest;
				if (script === undefined) {
					io.stderr(`${name}: -c: option requires an argument\n`);
					return 2;
				}
				return ctx.runChild(script, io, arg0 ?? name, args);
			}
			const [file, ...args] = rest;
			if (file === undefined) return ctx.runChild(io.stdin, io, name, []);
			const text = ctx.vfs.read(file);
			if (text === undefined) {
				io.stderr(`${name}: ${file}: No such file or directory\n`);
				return 127;
			}
			return ctx.runChild(text, io, file, args);
		}
	};
}

export const sh = shell('sh');
export const bash = shell('bash');
