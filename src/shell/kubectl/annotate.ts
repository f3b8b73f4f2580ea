/**
 * `kubectl annotate`: `label`'s machinery with annotate's parsing and wording. Mirrors kubectl
 * pkg/cmd/annotate/annotate.go (values may contain `=`; the output is always `annotated`).
 */
import { FLAGS as LABEL_FLAGS, runMetadataMapVerb, type MetadataMapKind } from './label.ts';
import type { KubectlVerb } from './verb.ts';

export const ANNOTATION: MetadataMapKind = {
	verb: 'annotate',
	field: 'annotations',
	noun: 'annotation',
	parse(pairs) {
		const set = new Map<string, string>();
		const remove: string[] = [];
		const invalid: string[] = [];
		for (const spec of pairs) {
			const eq = spec.indexOf('=');
			if (eq > 0) set.set(spec.slice(0, eq), spec.slice(eq + 1));
			else if (spec.endsWith('-')) remove.push(spec.slice(0, -1));
			else invalid.push(spec);
		}
		if (invalid.length > 0) return `invalid annotation format: ${invalid.join(', ')}`;
		const both = remove.filter((k) => set.has(k));
		if (both.length > 0)
			return `can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`;
		return { set, remove };
	},
	overwriteError: (existing) =>
		`--overwrite is false but found the following declared annotation(s): ${existing
			.map(([k, v]) => `'${k}' already has a value (${v})`)
			.join('; ')}`,
	message: () => 'annotated',
	reportMissingRemovals: false
};

export const annotateVerb: KubectlVerb = {
	name: 'annotate',
	flags: LABEL_FLAGS,
	summary: 'Update the annotations on a resource',
	group: 'Settings Commands',
	run: (argv, io, ctx) => runMetadataMapVerb(ANNOTATION, argv, io, ctx)
};
