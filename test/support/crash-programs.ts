/**
 * Images whose programs die, for the fault tests: one that throws as it starts, one whose main
 * process exits a while after it is ready, one that throws out of a socket callback (an uncaught
 * error in a connection handler). Everything else is the real registry.
 */
import { programFor } from '../../src/mesh/apps/registry.ts';
import type { ContainerProgram } from '../../src/mesh/runtime/host.ts';
import type { ProgramLookup } from '../../src/mesh/runtime/host-runner.ts';
import { ms } from '../../src/mesh/types.ts';

const enc = new TextEncoder();

const CRASHERS: Readonly<Record<string, ContainerProgram>> = {
	'test/crash-on-start': {
		start() {
			throw new Error('open /etc/app/config.yaml: no such file or directory');
		},
		binaries: {}
	},
	/** Serves on 8080 for 30 s of sim time, then its main process exits with status 3. */
	'test/exit-after-30s': {
		async start(ctx, container) {
			ctx.net.listen(8080, (s) => {
				s.write(
					enc.encode('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n')
				);
				s.end();
			});
			ctx.clock.after(ms(30_000), () => ctx.exit(container.name, 3));
		},
		binaries: {}
	},
	/**
	 * Serves `ok` on 8080; its `spin` binary never yields (a process stuck in a loop): on the
	 * worker runtime its worker stops answering. Never exec it in-process: the thread is shared.
	 */
	'test/spinner': {
		async start(ctx) {
			ctx.net.listen(8080, (s) => {
				s.write(
					enc.encode('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n')
				);
				s.end();
			});
		},
		binaries: {
			async spin() {
				for (;;);
			}
		}
	},
	/** Throws out of its accept callback: the first connection kills the process. */
	'test/throw-on-connect': {
		async start(ctx) {
			ctx.net.listen(8080, () => {
				throw new TypeError("Cannot read properties of undefined (reading 'user')");
			});
		},
		binaries: {}
	}
};

export const crashPrograms: ProgramLookup = (image) => {
	const crasher = CRASHERS[image];
	if (!crasher) return programFor(image);
	// The real curl image's userland, with this program as its main process.
	const base = programFor('curlimages/curl');
	return { ...crasher, binaries: { ...base?.binaries, ...crasher.binaries } };
};
