/** Runs command lines on a fresh session over a stub cluster, capturing what a terminal shows. */
import type { Command } from '../../src/shell/command.ts';
import { createShellSession, type ShellSession } from '../../src/shell/session.ts';
import { createVfs } from '../../src/shell/vfs-impl.ts';
import { stubCluster, type StubCluster } from '../support/stub-cluster.ts';

export interface RunResult {
	readonly stdout: string;
	readonly stderr: string;
	/** stdout and stderr interleaved, as the terminal shows them. */
	readonly output: string;
	readonly code: number;
}

export const SAMPLE_FILES: Record<string, string> = {
	'notes.txt': 'banana\napple\ncherry\napple\n',
	'samples/bookinfo/platform/kube/bookinfo.yaml':
		'apiVersion: v1\nkind: Service\nmetadata:\n  name: details\n',
	'samples/curl/curl.yaml': 'apiVersion: v1\nkind: ServiceAccount\n'
};

export function newSession(
	options: { files?: Record<string, string>; commands?: Command[]; cluster?: StubCluster } = {}
): ShellSession {
	return createShellSession({
		cluster: options.cluster ?? stubCluster(),
		vfs: createVfs(options.files ?? SAMPLE_FILES),
		commands: options.commands ?? [],
		yieldToHost: () => new Promise((r) => setImmediate(r))
	});
}

export async function exec(session: ShellSession, source: string, stdin = ''): Promise<RunResult> {
	let stdout = '';
	let stderr = '';
	let output = '';
	const code = await session.execute(source, {
		stdin,
		stdout: (t) => ((stdout += t), (output += t)),
		stderr: (t) => ((stderr += t), (output += t))
	});
	return { stdout, stderr, output, code };
}

/** One command line on a fresh session. */
export async function run(source: string, files?: Record<string, string>): Promise<RunResult> {
	return exec(newSession({ files }), source);
}
