/**
 * Linux's signals as bash 5.2 names them (support/signames.c initialize_signames: SIGRTMIN 34
 * under glibc, `SIGRTMIN+n` up to the middle, one more of them when the count is odd, then
 * `SIGRTMAX-n`) and what `kill` does with each (signal(7) default actions).
 */
import { describe, expect, it } from 'vitest';
import { signalBySpec } from '../../src/shell/signals.ts';
import { decodeSignal } from '../../src/shell/builtins/job-control.ts';

describe('signals', () => {
	it.each([
		['TERM', 15],
		['sigkill', 9],
		['SIGIO', 29],
		['RTMIN', 34],
		['RTMIN+15', 49],
		['RTMAX-14', 50],
		['RTMAX', 64],
		['64', 64]
	])('%s is %i', (spec, number) => {
		expect(signalBySpec(spec)?.number).toBe(number);
	});

	it.each(['32', '33', '65', 'RTMIN+16', 'POLL', 'SIG'])('%s names no signal', (spec) => {
		expect(signalBySpec(spec)).toBeUndefined();
	});

	it.each([
		['SEGV', { type: 'end', signal: 'SEGV' }],
		['HUP', { type: 'end', signal: 'HUP' }],
		['40', { type: 'end', signal: 'RTMIN+6' }],
		['CHLD', { type: 'none' }],
		['CONT', { type: 'none' }],
		['WINCH', { type: 'none' }],
		['0', { type: 'none' }],
		['TSTP', { type: 'stop' }],
		['STOP', { type: 'stop' }],
		['BOGUS', { type: 'invalid' }]
	])('kill -%s acts by its default action', (spec, decoded) => {
		expect(decodeSignal(spec)).toEqual(decoded);
	});
});
