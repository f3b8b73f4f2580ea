/**
 * The syntax tree of the bash subset Istio's docs use. Node names follow the POSIX shell grammar
 * (`and_or`, `pipeline`, `simple_command`, `compound_command`), so bash's manual explains them.
 */

/** One piece of a word; `quoted` parts are neither field-split nor tilde-expanded. */
export type WordPart =
	| { readonly type: 'literal'; readonly text: string; readonly quoted: boolean }
	/** `$NAME`, `${NAME}`, `$?`, `$1`, `${NAME:-word}`, `${#NAME}`. */
	| {
			readonly type: 'param';
			readonly name: string;
			readonly quoted: boolean;
			readonly op?: ParamOp;
			/** The word after `:-`, `-`, `:+`, `+`, `:=`, `=`. */
			readonly arg?: Word;
	  }
	/** `$(…)` or backticks: the inner script is parsed with the outer one. */
	| { readonly type: 'command'; readonly script: Script; readonly quoted: boolean }
	/**
	 * `<(…)`: the inner script runs first and the word becomes the path of a file holding its
	 * output (`/dev/fd/63`), as bash does on Linux.
	 */
	| { readonly type: 'procsubst'; readonly script: Script; readonly quoted: false }
	/** `$((…))`: the expression text, variables expanded at run time. */
	| { readonly type: 'arith'; readonly expr: Word; readonly quoted: boolean };

export type ParamOp = ':-' | '-' | ':+' | '+' | ':=' | '=' | '#';

export interface Word {
	readonly parts: readonly WordPart[];
	/** The source text, for messages and reserved-word checks. */
	readonly raw: string;
}

export type RedirectOp = '>' | '>>' | '<' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';

export interface Redirect {
	/** The fd on the left (`2>`); undefined means the operator's default (0 for `<`, 1 for `>`). */
	readonly fd: number | undefined;
	readonly op: RedirectOp;
	/** File name, fd number (`2>&1`), here-string, or the heredoc delimiter. */
	readonly target: Word;
	/** Heredoc body; a quoted delimiter (`<<'EOF'`) makes it one quoted literal. */
	readonly heredoc?: Word;
}

export interface Assignment {
	readonly name: string;
	readonly value: Word;
}

export interface SimpleCommand {
	readonly type: 'simple';
	readonly assignments: readonly Assignment[];
	readonly words: readonly Word[];
	readonly redirects: readonly Redirect[];
}

export interface Group {
	readonly type: 'group';
	readonly body: Script;
	readonly redirects: readonly Redirect[];
}

export interface Subshell {
	readonly type: 'subshell';
	readonly body: Script;
	readonly redirects: readonly Redirect[];
}

export interface ForLoop {
	readonly type: 'for';
	readonly name: string;
	/** Undefined for `for x; do`, which loops over the positional parameters. */
	readonly words: readonly Word[] | undefined;
	readonly body: Script;
	readonly redirects: readonly Redirect[];
}

export interface IfClause {
	readonly type: 'if';
	/** `if` and each `elif`, in order. */
	readonly branches: readonly { readonly condition: Script; readonly body: Script }[];
	readonly elseBody: Script | undefined;
	readonly redirects: readonly Redirect[];
}

export interface WhileLoop {
	readonly type: 'while';
	/** `until` runs the body while the condition fails. */
	readonly until: boolean;
	readonly condition: Script;
	readonly body: Script;
	readonly redirects: readonly Redirect[];
}

export type CommandNode = SimpleCommand | Group | Subshell | ForLoop | IfClause | WhileLoop;

export interface Pipeline {
	readonly type: 'pipeline';
	/** `! cmd` inverts the exit status. */
	readonly negated: boolean;
	readonly commands: readonly CommandNode[];
}

export interface AndOr {
	readonly type: 'and_or';
	readonly first: Pipeline;
	readonly rest: readonly { readonly op: '&&' | '||'; readonly pipeline: Pipeline }[];
}

/** One command of a list with its source span (heredoc bodies included). */
export interface ListItem {
	readonly command: AndOr;
	/** `cmd &`: we run it in the foreground, like a fast machine would. */
	readonly background: boolean;
	readonly start: number;
	readonly end: number;
	/** True when a newline (not `;` or `&`) ends this item: the next one is a new input line. */
	readonly endsLine: boolean;
}

export interface Script {
	readonly type: 'script';
	readonly items: readonly ListItem[];
}

/** A syntax error as bash words it; `incomplete` means more input could complete the command. */
export interface ParseError {
	readonly type: 'parse-error';
	/** Without the `bash: ` prefix: `syntax error near unexpected token \`done'`. */
	readonly message: string;
	readonly incomplete: boolean;
	/** 1-based line of the error, for `bash: -c: line 1: …`. */
	readonly line: number;
}

export function isParseError(x: unknown): x is ParseError {
	return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'parse-error';
}
