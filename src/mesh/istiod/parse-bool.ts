/** Go's strconv.ParseBool, which istiod uses for boolean labels and annotations. */
export function parseBool(s: string): boolean | undefined {
	if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
	if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
	return undefined;
}
