/**
 * `vi FILE` in the page edits in the Editor pane (src/shell/visual-editor.ts), and so does
 * `kubectl edit` with no KUBE_EDITOR or EDITOR, whose default editor is `vi` (kubectl
 * pkg/cmd/util/editor/editor.go defaultEnvEditor). The pane is a fake here: it records what it
 * was handed and answers as the learner would (Save with new text, Close, or still busy).
 */
import { describe, expect, it } from 'vitest';
import { KIND_CNI_CHAIN } from '../../src/mesh/cni/kind-node.ts';
import { programFor } from '../../src/mesh/apps/registry.ts';
import { createInProcessRuntime } from '../../src/mesh/runtime/in-process.ts';
import { createPlayground } from '../../src/shell/playground.ts';
import { createShellSession } from '../../src/shell/session.ts';
import { createVfs } from '../../src/shell/vfs-impl.ts';
import type {
	VisualEditor,
	VisualEditRequest,
	VisualEditResult
} from '../../src/shell/visual-editor.ts';
import { stubCluster } from '../support/stub-cluster.ts';
import { nodeDrain, nodeYield } from '../support/node-yield.ts';
import { exec } from './harness.ts';

/** A pane that answers each request with `answer(request)` and remembers the requests. */
function fakePane(answer: (r: VisualEditRequest) => VisualEditResult | Promise<VisualEditResult>) {
	const requests: VisualEditRequest[] = [];
	const editor: VisualEditor = {
		edit: async (r) => {
			requests.push(r);
			return answer(r);
		}
	};
	return { editor, requests };
}

function session(editor: VisualEditor | undefined, files: Record<string, string> = {}) {
	return createShellSession({
		cluster: stubCluster(),
		vfs: createVfs(files),
		commands: [],
		yieldToHost: () => new Promise((r) => setImmediate(r)),
		...(editor ? { visualEditor: editor } : {})
	});
}

describe('vi in the Editor pane', () => {
	it('hands the file over and writes what was saved', async () => {
		const pane = fakePane((r) => ({ type: 'saved', text: r.text.replace('hello', 'hi') }));
		const s = session(pane.editor, { 'notes.txt': 'hello\n' });
		const r = await exec(s, 'vi notes.txt; echo "exit $?"; cat notes.txt');
		expect(pane.requests.map((q) => [q.path, q.text, q.editor])).toEqual([
			['/root/notes.txt', 'hello\n', 'vi']
		]);
		expect(r.output).toBe(
			'vi: editing /root/notes.txt in the Editor pane (Save writes it; Close quits without saving)\nexit 0\nhi\n'
		);
	});

	it('creates a new file on Save, and Close leaves the file system alone', async () => {
		const pane = fakePane(() => ({ type: 'saved', text: 'new\n' }));
		const s = session(pane.editor);
		await exec(s, 'vim fresh.txt >/dev/null');
		expect((await exec(s, 'cat fresh.txt')).stdout).toBe('new\n');
		expect(pane.requests[0]?.text).toBe('');

		const closed = session(fakePane(() => ({ type: 'quit' })).editor);
		const r = await exec(closed, 'nano gone.txt >/dev/null; echo "exit $?"; cat gone.txt');
		expect(r.output).toBe('exit 0\ncat: gone.txt: No such file or directory\n');
	});

	it('fails as vim does when the directory is missing, and refuses directories', async () => {
		const s = session(fakePane(() => ({ type: 'saved', text: 'x' })).editor);
		const r = await exec(s, 'vi nodir/file.txt >/dev/null; vi /tmp; echo "exit $?"');
		expect(r.output).toBe(
			`"nodir/file.txt" E212: Can't open file for writing\nvi: /tmp: Is a directory\nexit 1\n`
		);
	});

	it('says when the pane is busy, and refuses what it cannot do', async () => {
		const s = session(fakePane(() => ({ type: 'busy', path: '/root/a.txt' })).editor);
		const busy = await exec(s, 'vi b.txt 2>&1 | tail -1');
		expect(busy.output).toBe('vi: the Editor pane is editing /root/a.txt for another command\n');
		const refused = await exec(s, 'vi -R b.txt; vi; vi a b; echo "exit $?"');
		expect(refused.output).toBe(
			'vi: option "-R" is not simulated: the Editor pane edits one file (vi FILE)\n' +
				'vi: the Editor pane edits one file at a time: vi FILE\n' +
				'vi: the Editor pane edits one file at a time: vi FILE\n' +
				'exit 1\n'
		);
	});

	it('Ctrl-C while the pane edits ends vi with 130 and writes nothing', async () => {
		const pane = fakePane(
			(r) =>
				new Promise((resolve) =>
					r.signal.addEventListener('abort', () => resolve({ type: 'quit' }))
				)
		);
		const s = session(pane.editor, { 'f.txt': 'keep\n' });
		const controller = new AbortController();
		let out = '';
		const io = { stdin: '', stdout: (t: string) => (out += t), stderr: () => {} };
		const running = s.execute('vi f.txt', io, { signal: controller.signal });
		await new Promise((r) => setImmediate(r));
		controller.abort();
		expect(await running).toBe(130);
		expect((await exec(s, 'cat f.txt')).stdout).toBe('keep\n');
	});

	it('without a pane (npm run sim), says the terminal has none', async () => {
		const r = await exec(session(undefined), 'vi f.txt; echo "exit $?"');
		expect(r.output).toMatch(/^vi: Mesh Playground's terminal has no full-screen editor\./);
		expect(r.output).toMatch(/exit 1\n$/);
	});
});

describe('kubectl edit with the default editor', () => {
	it('edits the object in the pane, with kubectl’s header, and applies the change', async () => {
		const pane = fakePane((r) => ({
			type: 'saved',
			text: r.text.replace('greeting: hello', 'greeting: hi')
		}));
		const p = await createPlayground({
			runtime: createInProcessRuntime({
				crypto: globalThis.crypto,
				programFor,
				cniChain: KIND_CNI_CHAIN,
				yieldToHost: nodeYield,
				betweenEvents: nodeDrain
			}),
			scenario: 'empty',
			visualEditor: pane.editor
		});
		try {
			await exec(p.shell, 'kubectl create configmap example --from-literal=greeting=hello');
			const r = await exec(p.shell, 'kubectl edit cm example');
			expect(r.stdout).toMatch(
				/^vi: editing \/tmp\/kubectl-edit-\d+\.yaml in the Editor pane \(Save writes it; Close quits without saving\)\nconfigmap\/example edited\n$/
			);
			expect(pane.requests).toHaveLength(1);
			const handed = pane.requests[0] as VisualEditRequest;
			expect(handed.editor).toBe('vi');
			expect(handed.path).toMatch(/^\/tmp\/kubectl-edit-\d+\.yaml$/);
			expect(handed.text).toMatch(
				/^# Please edit the object below\. Lines beginning with a '#' will be ignored,\n/
			);
			const got = await exec(p.shell, "kubectl get cm example -o jsonpath='{.data.greeting}'");
			expect(got.stdout).toBe('hi');
		} finally {
			await p.cluster.dispose();
		}
	});
});
