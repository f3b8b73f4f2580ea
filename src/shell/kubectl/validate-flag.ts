/**
 * `--validate`: kubectl (≥ 1.27) asks the server for strict field validation by default.
 * Mirrors kubectl pkg/cmd/util GetValidationDirective: a boolean (strconv.ParseBool) or one of
 * strict, warn, ignore.
 */
import type { FieldValidation } from '../../mesh/api/custom-resources.ts';

const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

export function parseValidate(value: string | undefined): FieldValidation | { error: string } {
	if (value === undefined || value === 'strict' || TRUE.includes(value)) return 'Strict';
	if (value === 'ignore' || FALSE.includes(value)) return 'Ignore';
	if (value === 'warn') return 'Warn';
	return {
		error: `invalid - validate option ${JSON.stringify(value)}; must be one of: strict (or true), warn, ignore (or false)`
	};
}
