/**
 * Turns generated command lines and manifests into fuzz inputs: how each is delivered (typed,
 * piped on stdin, in a heredoc, in a file) and what the store must look like afterwards.
 */
import { generateCommand } from './command-generator.ts';
import type { FuzzInput } from './harness.ts';
import { generateManifest, isSingleDocument } from './manifest-generator.ts';
import type { Prng } from './prng.ts';

/** One kubectl invocation with no shell operators: its exit status is kubectl's own. */
const SIMPLE_KUBECTL = /^kubectl (?:[^;&|\n`$()<>\\]|'[^']*')*$/;

/** The last `--dry-run` value decides, as pflag keeps the last one. */
function isDryRun(source: string): boolean {
	// After `--` nothing is a flag: `kubectl create sa x -- --dry-run=client` creates x for real.
	const flags = source.split(/ -- /)[0] ?? '';
	const values = [...flags.matchAll(/--dry-run(?:=(\S*))?/g)].map((m) => m[1] ?? 'client');
	const last = values[values.length - 1];
	return last === 'client' || last === 'server' || last === 'true';
}

export function commandInput(rng: Prng): FuzzInput {
	const { kind, source } = generateCommand(rng);
	const simple = SIMPLE_KUBECTL.test(source);
	return {
		label: kind,
		source,
		unchanged: simple ? (isDryRun(source) ? 'always' : 'on-silent-failure') : undefined
	};
}

const APPLY_VERBS: readonly (readonly [number, string])[] = [
	[60, 'apply -f'],
	[12, 'create -f'],
	[6, 'apply --server-side -f'],
	[5, 'apply --dry-run=client -f'],
	[5, 'apply --dry-run=server -f'],
	[4, 'create --dry-run=client -f'],
	[4, 'delete --ignore-not-found -f'],
	[2, 'apply --validate=false -f'],
	[2, 'apply -n kube-system -f']
];

/** The heredoc delimiter; a manifest containing it as a line is sent another way. */
const DELIMITER = 'FUZZ_EOF';

export function manifestInput(rng: Prng): FuzzInput {
	const { kind, text } = generateManifest(rng);
	const verb = rng.weighted(APPLY_VERBS);
	const dryRun = verb.includes('--dry-run');
	const unchanged = dryRun ? 'always' : isSingleDocument(text) ? 'on-failure' : undefined;
	const canHeredoc = !text.split('\n').includes(DELIMITER);
	const via = rng.weighted<'stdin' | 'heredoc' | 'file'>([
		[4, 'stdin'],
		[canHeredoc ? 4 : 0, 'heredoc'],
		[2, 'file']
	]);
	const label = `${kind} via ${via}`;
	switch (via) {
		case 'stdin':
			return { label, source: `kubectl ${verb} -`, stdin: text, unchanged };
		case 'heredoc':
			return {
				label,
				source: `kubectl ${verb} - <<'${DELIMITER}'\n${text}\n${DELIMITER}`,
				unchanged
			};
		default:
			// `cat` only writes the file: the store check covers the whole line all the same.
			return {
				label,
				source: `cat > fuzz.yaml && kubectl ${verb} fuzz.yaml`,
				stdin: text,
				unchanged
			};
	}
}
