/** jq-web 0.6: jq compiled to WebAssembly; the module is a promise of the loaded instance. */
declare module 'jq-web' {
	export interface JqInstance {
		/** `echo INPUT | jq FLAGS FILTER`: stdout (one trailing newline removed); throws on exit ≠ 0. */
		raw(input: string, filter: string, flags?: string[]): string | undefined;
	}
	const jq: Promise<JqInstance>;
	export default jq;
}
