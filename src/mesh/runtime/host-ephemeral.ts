/**
 * An ephemeral container inside a running host (`kubectl debug`): the programs of its own image,
 * run in the pod's network namespace (`localhost` is the pod's), once; what it prints goes to
 * its own log line by line, as the container runtime's log driver writes it.
 */
import type { SimMillis } from '../types.ts';
import type { ContainerLogs } from './container-logs.ts';
import { execBinary } from './host-exec.ts';
import type { ContainerProgram, EphemeralResult, EphemeralSpec, HostContext } from './host.ts';

/** Splits a stream into log lines; a last line without newline is flushed at the end. */
class LineWriter {
	#partial = '';
	constructor(private readonly write: (line: string) => void) {}
	push(text: string): void {
		const parts = (this.#partial + text).split('\n');
		this.#partial = parts.pop() ?? '';
		for (const line of parts) this.write(line);
	}
	flush(): void {
		if (this.#partial !== '') this.write(this.#partial);
		this.#partial = '';
	}
}

export async function runEphemeral(
	spec: EphemeralSpec,
	program: ContainerProgram | undefined,
	ctx: HostContext,
	logs: ContainerLogs,
	now: () => SimMillis
): Promise<EphemeralResult> {
	if (!program) return { type: 'image-pull-error', image: spec.image };
	logs.add(spec.name);
	const startedAt = now();
	const argv = spec.argv.length > 0 ? spec.argv : (program.defaultCommand ?? []);
	// A shell image with no command: the shell reads an empty stdin and ends.
	if (argv.length === 0) return { type: 'terminated', exitCode: 0, startedAt, finishedAt: now() };
	const out = new LineWriter((line) => logs.append(spec.name, line));
	const err = new LineWriter((line) => logs.append(spec.name, line));
	const result = await execBinary(program, argv, '', ctx, now, {
		stdout: (t) => out.push(t),
		stderr: (t) => err.push(t),
		...(spec.tty ? { tty: true } : {}),
		...(spec.capabilities ? { capabilities: spec.capabilities } : {})
	});
	out.flush();
	err.flush();
	if (result.startError !== undefined)
		// runc's start failure: the container never ran its process (exit code 128).
		return {
			type: 'terminated',
			exitCode: 128,
			startedAt,
			finishedAt: result.finishedAt,
			message: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${argv[0] ?? ''}": executable file not found in $PATH: unknown`
		};
	return {
		type: 'terminated',
		exitCode: result.exitCode,
		startedAt,
		finishedAt: result.finishedAt
	};
}
