/** `true`, `false` and `:`. */
import type { Builtin } from './types.ts';

export const trueCmd: Builtin = {
	name: 'true',
	summary: 'Do nothing, successfully',
	kind: 'shell',
	run: async () => 0
};

export const falseCmd: Builtin = {
	name: 'false',
	summary: 'Do nothing, unsuccessfully',
	kind: 'shell',
	run: async () => 1
};

export const colon: Builtin = {
	name: ':',
	summary: 'Null command; expands its arguments and succeeds',
	kind: 'shell',
	run: async () => 0
};
