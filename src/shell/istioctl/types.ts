/** One istioctl subcommand: one file each, options → validate → run, like istioctl's cobra tree. */
import type { CommandContext, CommandIO } from '../command.ts';
import type { FlagSpec } from '../kubectl/flags.ts';

export interface IstioctlCommand {
	readonly name: string;
	readonly aliases?: readonly string[];
	/** cobra's Short: the line in `istioctl --help`. */
	readonly summary: string;
	/** cobra's Long, printed instead of Short at the top of the command's help. */
	readonly long?: string;
	/** cobra's Example (no trailing newline), the help's `Examples:` section. */
	readonly example?: string;
	/** cobra's Use line, e.g. `istioctl install [flags]`. */
	readonly usage: string;
	readonly flags: readonly FlagSpec[];
	/** Subcommands (`experimental precheck`); a parent without `run` prints its help. */
	readonly subcommands?: readonly IstioctlCommand[];
	/**
	 * cobra's `Args` of a parent: the error for an argument that names no subcommand (e.g.
	 * dashboard's `unknown dashboard "bogus"`); absent, the parent's help (cobra's legacyArgs).
	 */
	argsError?(arg: string): string;
	/** Root flags root.go's hideInheritedFlags hides from this command's help. */
	readonly hiddenGlobalFlags?: readonly string[];
	/** cobra's Runnable for a parent with a RunE of its own (waypoint's prints its help). */
	readonly runnable?: boolean;
	run?(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number>;
}
