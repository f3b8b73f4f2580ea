/**
 * Launching the user's editor on a temp file: kubectl/pkg/cmd/util/editor/editor.go and
 * launcher_others.go (v0.34). The editor is `$KUBE_EDITOR`, else `$EDITOR`, else `vi`; a value
 * with spaces is split into words, and one with quotes or backslashes runs through the shell
 * (`$SHELL -c 'EDITOR "path"'`). Here the editor is a command of this shell run on a file of its
 * file system, so `KUBE_EDITOR="sed -i …"` edits as it would on a workstation.
 */
import type { CommandContext, CommandIO } from '../command.ts';

export interface Editor {
	readonly args: readonly string[];
	/** True when the value needed a shell: args is `[shell, -c, value]`. */
	readonly shell: boolean;
}

/** `defaultEnvEditor`. */
export function defaultEditor(env: ReadonlyMap<string, string>): Editor {
	let editor = '';
	for (const name of ['KUBE_EDITOR', 'EDITOR']) {
		editor = env.get(name) ?? '';
		if (editor.length > 0) break;
	}
	if (editor.length === 0) editor = 'vi';
	if (!editor.includes(' ')) return { args: [editor], shell: false };
	if (!/["'\\]/.test(editor)) return { args: editor.split(' '), shell: false };
	return { args: [env.get('SHELL') || '/bin/bash', '-c', editor], shell: true };
}

const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * `Editor.Launch`: runs the editor on `path` in this shell. Undefined when it succeeded, else
 * kubectl's error (`unable to launch the editor "x"` when there is no such command).
 */
export async function launchEditor(
	editor: Editor,
	path: string,
	io: CommandIO,
	ctx: CommandContext
): Promise<string | undefined> {
	const script = editor.shell
		? `${editor.args[editor.args.length - 1]} ${JSON.stringify(path)}`
		: [...editor.args.filter((a) => a !== ''), path].map(quote).join(' ');
	let errors = '';
	const code = await ctx.runScript(script, {
		stdin: '',
		stdout: (t) => io.stdout(t),
		stderr: (t) => (errors += t)
	});
	const name = editor.args.join(' ');
	// exec finds no such program and runs nothing: no shell's "command not found" either.
	const notFound = code === 127 && !editor.shell;
	if (!notFound) io.stderr(errors);
	if (notFound) return `unable to launch the editor ${JSON.stringify(name)}`;
	if (code !== 0) return `there was a problem with the editor ${JSON.stringify(name)}`;
	return undefined;
}
