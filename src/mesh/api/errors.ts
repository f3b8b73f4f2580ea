/**
 * API errors as values, worded the way kubectl prints them
 * (`Error from server (NotFound): pods "x" not found`).
 */
export type ApiReason =
	| 'NotFound'
	| 'AlreadyExists'
	| 'Invalid'
	| 'BadRequest'
	| 'Conflict'
	| 'Forbidden'
	| 'MethodNotAllowed';

export interface ApiError {
	readonly type: 'api-error';
	readonly reason: ApiReason;
	/** The message after `Error from server (Reason): `. */
	readonly message: string;
	/** Errors kubectl raises client-side print as `error: …` instead of `Error from server`. */
	readonly clientSide?: boolean;
}

export function apiError(reason: ApiReason, message: string): ApiError {
	return { type: 'api-error', reason, message };
}

export function clientError(message: string): ApiError {
	return { type: 'api-error', reason: 'BadRequest', message, clientSide: true };
}

export function isApiError(x: unknown): x is ApiError {
	return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'api-error';
}

/** The line kubectl prints for this error. Invalid errors carry their own `The X "y" is invalid: …`. */
export function formatApiError(e: ApiError): string {
	if (e.clientSide) return `error: ${e.message}`;
	if (e.reason === 'Invalid') return e.message;
	return `Error from server (${e.reason}): ${e.message}`;
}
