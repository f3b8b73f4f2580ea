/**
 * `kubectl`: finds the verb the way cobra does (flags may come before it: `kubectl -n x get pods`)
 * and hands it the rest of argv. Verbs live in verbs.ts.
 */
import type { Command, CommandContext, CommandIO } from '../command.ts';
import { findVerb, verbs } from './verbs.ts';
import { VERB_GROUPS, type KubectlVerb } from './verb.ts';
import { loadValidationEngine } from '../../mesh/api/validation-engine.ts';
import { KubeContextError, scanFlag, withKubeContext } from '../kube-context.ts';
import { commandIndex, suggestionsFor } from '../cobra.ts';

/** Root flags that never take a value, so cobra doesn't eat the next word as one. */
const BOOL_FLAGS = new Set([
	'-h',
	'--help',
	'--insecure-skip-tls-verify',
	'--warnings-as-errors',
	'--match-server-version'
]);

/** cobra's stripFlags + Find: the index of the verb in argv, or -1. */
export function verbIndex(argv: readonly string[]): number {
	return commandIndex(argv, { boolFlags: BOOL_FLAGS, dashIsWord: true });
}

/** `kubectl` alone or `kubectl --help`: the verbs we have, in kubectl's groups. */
export function usageSummary(): string {
	let out =
		'kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n';
	const width = Math.max(...verbs.map((v) => v.name.length)) + 3;
	for (const group of VERB_GROUPS) {
		const inGroup = verbs.filter((v) => (v.group ?? 'Other Commands') === group);
		if (inGroup.length === 0) continue;
		out += `${group}:\n`;
		for (const v of inGroup) out += `  ${v.name.padEnd(width)}${v.summary}\n`;
		out += '\n';
	}
	return (
		out +
		'Usage:\n  kubectl [flags] [options]\n\nUse "kubectl <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n'
	);
}

/**
 * Verbs whose first use of the kubeconfig is client-go's ClientConfig (getContext's error);
 * the others resolve their namespace first (ConfirmUsable: kubectl's StandardErrorMessage
 * prints "Error in configuration: …"). Found by running kubectl against a kubeconfig without
 * the context.
 */
const CLIENT_CONFIG_FIRST = new Set([
	'apply',
	'create',
	'api-resources',
	'wait',
	'run',
	'explain',
	'version',
	'cluster-info'
]);

function contextErrorText(verb: string, e: KubeContextError): string {
	if (e.dial) return e.message;
	if (e.invalidConfiguration && !CLIENT_CONFIG_FIRST.has(verb))
		return `Error in configuration: ${e.invalidConfiguration}`;
	return `error: ${e.message}`;
}

async function runVerb(
	verb: KubectlVerb,
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	try {
		// Schema, CEL and strict-field validation load on first use, before anything is written.
		await loadValidationEngine();
		// The cluster is resolved from --context/--kubeconfig when the verb first reads it.
		const cluster = withKubeContext(ctx, {
			context: scanFlag(argv, ['--context']),
			kubeconfig: scanFlag(argv, ['--kubeconfig'])
		});
		return await verb.run(argv, io, cluster);
	} catch (e) {
		if (e instanceof KubeContextError) {
			io.stderr(`${contextErrorText(verb.name, e)}\n`);
			return 1;
		}
		// A bug in a verb must not take the shell down; say so like kubectl would.
		io.stderr(`error: ${e instanceof Error ? e.message : String(e)}\n`);
		return 1;
	}
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const at = verbIndex(argv);
	if (at < 0) {
		io.stdout(usageSummary());
		return 0;
	}
	const name = argv[at] as string;
	const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
	if (name === 'help') {
		const target = rest.find((a) => !a.startsWith('-'));
		const verb = target ? findVerb(target) : undefined;
		if (!verb) {
			io.stdout(usageSummary());
			return 0;
		}
		return runVerb(verb, ['--help'], io, ctx);
	}
	const verb = findVerb(name);
	if (!verb) {
		const suggestions = suggestionsFor(
			name.toLowerCase(),
			verbs.map((v) => v.name)
		);
		const did =
			suggestions.length > 0
				? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}`
				: '\n';
		io.stderr(
			`error: unknown command "${name}" for "kubectl"${did}Run 'kubectl --help' for usage.\n`
		);
		return 1;
	}
	return runVerb(verb, rest, io, ctx);
}

export const kubectlCommand: Command = {
	name: 'kubectl',
	summary: 'kubectl controls the Kubernetes cluster manager',
	run
};
