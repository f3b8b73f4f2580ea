/**
 * Issue 18 (red team), Low: with storage full, the speed slider threw, and shell history went
 * unsaved without a word. The slider still changes; the terminal says once that history is not
 * being saved, and history keeps working for the session.
 */
import { describe, expect, it } from 'vitest';
import { createStorage, type KeyValueStore } from '../../src/platform/storage.ts';
import { createHistory } from '../../src/shell/history.ts';
import { createPty } from '../../src/shell/pty.ts';
import { createShellSession } from '../../src/shell/session.ts';
import { createVfs } from '../../src/shell/vfs-impl.ts';
import { AnimationSpeed } from '../../src/ui/step/animation-speed.svelte.ts';
import { historyStore } from '../../src/ui/state/history-store.ts';
import { stubCluster } from '../support/stub-cluster.ts';

const quota = (): never => {
	throw new DOMException('quota', 'QuotaExceededError');
};

describe('storage full', () => {
	it('the animation speed still changes when saving it fails', () => {
		const full = { getItem: () => null, setItem: quota };
		const speed = new AnimationSpeed(full);
		const before = speed.value;
		speed.index = 0;
		expect(speed.index).toBe(0);
		expect(speed.value).not.toBe(before);
	});

	it('the terminal says once that history is not saved; history still works', async () => {
		// localStorage that fills up after the first write, as the page's would.
		const data = new Map<string, string>();
		let full = false;
		const backend: KeyValueStore = {
			getItem: (k) => data.get(k) ?? null,
			setItem: (k, v) => (full ? quota() : void data.set(k, v)),
			removeItem: (k) => void data.delete(k)
		};
		const history = createHistory(historyStore(createStorage(() => backend)));
		const session = createShellSession({
			cluster: stubCluster(),
			vfs: createVfs({}),
			commands: [],
			history,
			yieldToHost: () => new Promise((r) => setImmediate(r))
		});
		const pty = createPty(session, { cols: 120 });
		let screen = '';
		pty.onData((d) => (screen += d));
		const type = async (line: string): Promise<string> => {
			const from = screen.length;
			pty.write(`${line}\r`);
			await pty.whenIdle();
			return screen.slice(from);
		};

		expect(await type('echo one')).not.toContain('history');
		full = true;
		const second = await type('echo two');
		expect(second).toContain(
			'\r\ntwo\r\nbash: history: cannot save to browser storage (full or blocked): history is kept until this page closes\r\n'
		);
		// Said once, not after every command.
		expect(await type('echo three')).not.toContain('bash: history');
		// History itself still has every command, and the up arrow reaches it.
		expect(history.entries).toEqual(['echo one', 'echo two', 'echo three']);
		expect(await type('\x1b[A')).toContain('echo three');
		// What was saved before storage filled up is intact.
		expect(JSON.parse(data.get('mesh-playground:shell-history') ?? '[]')).toEqual(['echo one']);
	});
});
