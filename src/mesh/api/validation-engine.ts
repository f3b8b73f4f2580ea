/**
 * The seam to the lazily loaded validation engine (crd-validation/engine.ts: OpenAPI schemas, CEL,
 * strict fields). Writers that need it — kubectl, istioctl — await `loadValidationEngine()`
 * before they run. Until it has loaded, a write is validated by the built-in rules only.
 */
import type * as Engine from './crd-validation/engine.ts';

export type ValidationEngine = typeof Engine;

let loaded: ValidationEngine | undefined;
let loading: Promise<ValidationEngine> | undefined;

export function validationEngine(): ValidationEngine | undefined {
	return loaded;
}

export function loadValidationEngine(): Promise<ValidationEngine> {
	loading ??= import('./crd-validation/engine.ts').then((m) => (loaded = m));
	return loading;
}

/** Resolves once a load that was started has finished (tests wait so no import outlives them). */
export function validationEngineSettled(): Promise<void> {
	return loading ? loading.then(() => undefined) : Promise.resolve();
}
