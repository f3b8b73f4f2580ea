/**
 * `kubectl exec` inside a host: the container's binary by name (as `$PATH` would find it), its
 * output collected, and containerd's error when there is no such executable.
 */
import type { SimMillis } from '../types.ts';
import type { ContainerProgram, ExecResult, HostContext } from './host.ts';

export async function execBinary(
	program: ContainerProgram | undefined,
	argv: readonly string[],
	stdin: string,
	ctx: HostContext,
	now: () => SimMillis
): Promise<ExecResult> {
	const out: string[] = [];
	const err: string[] = [];
	const name = argv[0] ?? '';
	const binary = program?.binaries[name] ?? program?.binaries[name.split('/').pop() ?? ''];
	if (!binary) {
		return {
			stdout: '',
			stderr: '',
			exitCode: 127,
			finishedAt: now(),
			startError: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${name}": executable file not found in $PATH: unknown`
		};
	}
	let exitCode: number;
	try {
		exitCode = await binary(
			argv,
			{ stdin, stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
			ctx
		);
	} catch (e) {
		// A bug in a simulated binary must not take the shell down: report it like a crash.
		err.push(`${name}: internal error: ${String(e)}\n`);
		exitCode = 139;
	}
	return { stdout: out.join(''), stderr: err.join(''), exitCode, finishedAt: now() };
}
