/** Real options of a subcommand that the playground does not simulate: refused with a note. */
export function refusedOption(
	prog: string,
	flags: ReadonlySet<string>,
	values: ReadonlyMap<string, string>,
	refused: readonly string[]
): string | undefined {
	const hit = refused.find((o) => flags.has(o) || values.has(o));
	return hit === undefined
		? undefined
		: `${prog}: -${hit} is not simulated in this playground (its subset: the options Istio's Secure Gateways task uses)\n`;
}

/** Marks options as known to the parser (taking a value or not) without supporting them. */
export const asTable = (
	withValue: readonly string[],
	without: readonly string[]
): Record<string, boolean> => ({
	...Object.fromEntries(withValue.map((o) => [o, true])),
	...Object.fromEntries(without.map((o) => [o, false]))
});
