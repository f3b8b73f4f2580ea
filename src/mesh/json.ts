/** A decoded JSON or YAML value that is an object (a mapping): neither null nor an array. */
export type JsonObject = Record<string, unknown>;

/** Whether a value read from outside (a manifest, a patch, a message, storage) is a mapping. */
export const isJsonObject = (x: unknown): x is JsonObject =>
	typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Lenient readers for decoded config (a resource's spec, a values file): the shape a field
 * should have, or an empty/undefined stand-in, for code whose validation happened upstream (the
 * API server's schemas) and which must not throw on what slipped past it.
 */
export const obj = (x: unknown): JsonObject =>
	typeof x === 'object' && x !== null ? (x as JsonObject) : {};
export const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
export const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
export const num = (x: unknown): number | undefined => (typeof x === 'number' ? x : undefined);
