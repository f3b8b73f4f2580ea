/**
 * The commands the shell finds on its PATH besides its builtins (kubectl, istioctl …). The caller
 * passes them in, so the shell does not import kubectl.
 */
import type { Command } from './command.ts';

export interface Registry {
	get(name: string): Command | undefined;
	/** Sorted by name, for `help` and completion. */
	readonly commands: readonly Command[];
}

export function createRegistry(commands: readonly Command[]): Registry {
	const byName = new Map(commands.map((c) => [c.name, c]));
	const sorted = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
	return { get: (name) => byName.get(name), commands: sorted };
}
