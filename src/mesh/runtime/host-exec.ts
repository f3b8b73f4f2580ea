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
	now: () => SimMillis,
	/** Streams output as it is written (an ephemeral container's log) instead of collecting it. */
	sink?: {
		stdout(text: string): void;
		stderr(text: string): void;
		tty?: boolean;
		capabilities?: readonly string[];
	}
): Promise<ExecResult> {
	const out: string[] = [];
	const err: string[] = [];
	const stdout = sink ? sink.stdout : (t: string): number => out.push(t);
	const stderr = sink ? sink.stderr : (t: string): number => err.push(t);
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
			{
				stdin,
				...(sink?.tty ? { tty: true } : {}),
				...(sink?.capabilities ? { capabilities: sink.capabilities } : {}),
				stdout: (t) => void stdout(t),
				stderr: (t) => void stderr(t)
			},
			ctx
		);
	} catch (e) {
		// A bug in a simulated binary must not take the shell down: report it like a crash.
		stderr(`${name}: internal error: ${String(e)}\n`);
		exitCode = 139;
	}
	return { stdout: out.join(''), stderr: err.join(''), exitCode, finishedAt: now() };
}
