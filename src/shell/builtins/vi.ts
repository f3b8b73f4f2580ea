/**
 * `vi`, `vim` and `nano`. In the page they open the file in the Editor pane and wait until it is
 * saved or closed (shell/visual-editor.ts), so `kubectl edit`, whose default editor is `vi`, edits
 * there too. Headless the terminal is a line-oriented pty with no full-screen editor: they say so
 * and point to what works (`KUBE_EDITOR="sed -i …"`).
 */
import type { Builtin, ShellContext } from './types.ts';
import type { CommandIO } from '../command.ts';

const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';

async function edit(
	name: string,
	argv: readonly string[],
	io: CommandIO,
	ctx: ShellContext
): Promise<number> {
	const editor = ctx.visualEditor;
	if (!editor) {
		io.stderr(
			`${name}: Mesh Playground's terminal has no full-screen editor. Edit files with sed -i or in the Editor pane; for kubectl edit set an editor command, e.g. KUBE_EDITOR="sed -i s/old/new/" kubectl edit …\n`
		);
		return 1;
	}
	const operands: string[] = [];
	for (const [i, a] of argv.entries()) {
		if (a === '--') {
			operands.push(...argv.slice(i + 1));
			break;
		}
		if ((a.startsWith('-') || a.startsWith('+')) && a.length > 1) {
			io.stderr(
				`${name}: option "${a}" is not simulated: the Editor pane edits one file (${name} FILE)\n`
			);
			return 1;
		}
		operands.push(a);
	}
	if (operands.length !== 1) {
		io.stderr(`${name}: the Editor pane edits one file at a time: ${name} FILE\n`);
		return 1;
	}
	const path = ctx.vfs.resolve(operands[0] as string);
	if (ctx.vfs.isDirectory(path)) {
		io.stderr(`${name}: ${operands[0]}: Is a directory\n`);
		return 1;
	}
	// On stdout, where vi draws its screen: kubectl edit shows it while it waits.
	io.stdout(
		`${name}: editing ${path} in the Editor pane (Save writes it; Close quits without saving)\n`
	);
	const result = await editor.edit({
		path,
		text: ctx.vfs.read(path) ?? '',
		editor: name,
		signal: ctx.signal
	});
	if (ctx.signal.aborted) return 130;
	if (result.type === 'busy') {
		io.stderr(`${name}: the Editor pane is editing ${result.path} for another command\n`);
		return 1;
	}
	if (result.type === 'quit') return 0;
	if (!ctx.vfs.isDirectory(parentOf(path))) {
		io.stderr(`"${operands[0]}" E212: Can't open file for writing\n`);
		return 1;
	}
	ctx.vfs.write(path, result.text);
	return 0;
}

function editor(name: string): Builtin {
	return {
		name,
		summary: 'Edit a file (in the Editor pane)',
		kind: 'file',
		run: (argv, io, ctx) => edit(name, argv, io, ctx)
	};
}

export const vi = editor('vi');
export const vim = editor('vim');
export const nano = editor('nano');
