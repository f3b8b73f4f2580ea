/**
 * Validation errors worded as apimachinery's `field.Error` prints them
 * (`spec.ports: Required value`, `metadata.name: Invalid value: "Foo": ...`), and the Invalid
 * status the server returns for them.
 */
import type { ResourceType } from './api-server.ts';
import { apiError, type ApiError } from './errors.ts';
import { stableStringify } from './deep.ts';

export type FieldError = string;

/** Renders a value as the server does: strings quoted, numbers bare, structures as JSON. */
export function formatValue(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(value);
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (value === undefined || value === null) return 'null';
	return stableStringify(value);
}

export function invalid(path: string, value: unknown, detail: string): FieldError {
	return `${path}: Invalid value: ${formatValue(value)}: ${detail}`;
}

export function required(path: string, detail?: string): FieldError {
	return detail ? `${path}: Required value: ${detail}` : `${path}: Required value`;
}

export function forbidden(path: string, detail: string): FieldError {
	return `${path}: Forbidden: ${detail}`;
}

export function notSupported(
	path: string,
	value: unknown,
	supported: readonly string[]
): FieldError {
	const list = supported.map((s) => JSON.stringify(s)).join(', ');
	return `${path}: Unsupported value: ${formatValue(value)}: supported values: ${list}`;
}

export function tooLong(path: string, max: number): FieldError {
	return `${path}: Too long: must have at most ${max} bytes`;
}

export function duplicate(path: string, value: unknown): FieldError {
	return `${path}: Duplicate value: ${formatValue(value)}`;
}

/**
 * The Invalid error, worded as kubectl prints it (`The Service "x" is invalid: ...`; several
 * causes go on `* ` lines, as kubectl's MultilineError does).
 */
export function invalidError(
	type: ResourceType,
	name: string,
	errors: readonly FieldError[]
): ApiError {
	const prefix = `The ${type.kind} ${JSON.stringify(name)} is invalid: `;
	const body =
		errors.length === 1 ? (errors[0] ?? '') : `\n${errors.map((e) => `* ${e}`).join('\n')}`;
	return apiError('Invalid', prefix + body);
}
