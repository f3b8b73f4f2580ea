/**
 * `vi`, `vim` and `nano`: the terminal is a line-oriented pty with no full-screen editor, so
 * they say so and point to what works (`KUBE_EDITOR="sed -i …"`, or the page's Editor pane).
 * `kubectl edit` without KUBE_EDITOR or EDITOR runs `vi`, as kubectl does, and reports the failure.
 */
import type { Builtin } from './types.ts';

function editor(name: string): Builtin {
	return {
		name,
		summary: 'Full-screen text editor (not available in this terminal)',
		kind: 'file',
		run: async (_args, io) => {
			io.stderr(
				`${name}: Mesh Playground's terminal has no full-screen editor. Edit files with sed -i or in the Editor pane; for kubectl edit set an editor command, e.g. KUBE_EDITOR="sed -i s/old/new/" kubectl edit …\n`
			);
			return 1;
		}
	};
}

export const vi = editor('vi');
export const vim = editor('vim');
export const nano = editor('nano');
