/** Images of the runtime tests: `echo` (an app) and `fake-ztunnel` (a transparent splicer). */
import type { ProgramLookup } from '../../src/mesh/runtime/host-runner.ts';
import { echoProgram } from './echo-program.ts';
import { fakeZtunnel } from './redirect-programs.ts';

export const testPrograms: ProgramLookup = (image) =>
	image === 'fake-ztunnel' ? fakeZtunnel : image === 'echo' ? echoProgram : undefined;
