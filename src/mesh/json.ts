/** A decoded JSON or YAML value that is an object (a mapping): neither null nor an array. */
export type JsonObject = Record<string, unknown>;

/** Whether a value read from outside (a manifest, a patch, a message, storage) is a mapping. */
export const isJsonObject = (x: unknown): x is JsonObject =>
	typeof x === 'object' && x !== null && !Array.isArray(x);
