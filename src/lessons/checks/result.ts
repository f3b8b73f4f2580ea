/** What evaluating a condition found: pass or fail, and the evidence a learner can read. */

export interface ConditionResult {
	/** The checklist text (the condition's name, or a generated description). */
	readonly name: string;
	readonly passed: boolean;
	/** The lesson's failure message, shown when the condition fails. */
	readonly failure?: string;
	/** What was looked at: the request tried, what happened, which policy decided. */
	readonly evidence: readonly string[];
	/** Results of nested conditions (allOf, anyOf, not). */
	readonly children?: readonly ConditionResult[];
}

export interface CheckReport {
	readonly passed: boolean;
	readonly conditions: readonly ConditionResult[];
}
