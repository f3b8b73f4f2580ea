/**
 * Every node test file: a shell session starts loading the validation engine in the background;
 * a file whose tests finish first must not tear down while that import is still in flight
 * (vitest reports it as an unhandled EnvironmentTeardownError on a busy machine).
 */
import { afterAll } from 'vitest';
import { validationEngineSettled } from '../../src/mesh/api/validation-engine.ts';

afterAll(() => validationEngineSettled());
