/**
 * Predict, then observe: a prediction is settled once the learner ran the command that shows
 * the answer (`settledBy`; without one, once the step's check passes). Until then the checklist
 * must not give the answer away: items with a `settledName` show their neutral `name` and keep
 * their evidence to themselves.
 */
import type { CheckContext } from './checks/context.ts';
import { evaluateRan } from './checks/ran.ts';
import type { CheckReport, ConditionResult } from './checks/result.ts';
import type { Condition, Prediction } from './types.ts';

/** Whether what the learner did this step settles `predict`. */
export async function settles(
	predict: Prediction,
	ctx: CheckContext,
	report: CheckReport
): Promise<boolean> {
	if (predict.settledBy === undefined) return report.passed;
	return (await evaluateRan(ctx, { command: predict.settledBy })).passed;
}

const UNSETTLED = 'run the command the prediction is about to find out';

/** The report as the learner may see it: settled names once settled, neutral ones before. */
export function maskReport(
	report: CheckReport,
	check: readonly Condition[],
	settled: boolean
): CheckReport {
	const conditions = report.conditions.map((r, i): ConditionResult => {
		const settledName = check[i]?.settledName;
		if (settledName === undefined) return r;
		if (settled) return { ...r, name: settledName };
		// The evidence and failure text would name the outcome ("expected exit code 56").
		return { name: r.name, passed: r.passed, evidence: r.passed ? [] : [UNSETTLED] };
	});
	return { passed: report.passed, conditions };
}

/** The first `settledBy` command, for "Run … to find out". */
export function settlingCommand(predict: Prediction): string | undefined {
	const by = predict.settledBy;
	return typeof by === 'string' ? by : by?.[0];
}
