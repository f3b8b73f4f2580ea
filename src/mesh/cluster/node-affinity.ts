/**
 * Required node affinity (`requiredDuringSchedulingIgnoredDuringExecution`), as the scheduler's
 * NodeAffinity filter evaluates it (k8s.io/component-helpers nodeaffinity): the terms are ORed,
 * the requirements inside a term ANDed; `matchFields` can only name `metadata.name`.
 */
import type { NodeObject, Pod } from '../api/objects.ts';

interface Requirement {
	key?: string;
	operator?: string;
	values?: string[];
}
interface Term {
	matchExpressions?: Requirement[];
	matchFields?: Requirement[];
}

function requirementHolds(req: Requirement, value: string | undefined): boolean {
	const values = req.values ?? [];
	switch (req.operator) {
		case 'In':
			return value !== undefined && values.includes(value);
		case 'NotIn':
			return value === undefined || !values.includes(value);
		case 'Exists':
			return value !== undefined;
		case 'DoesNotExist':
			return value === undefined;
		case 'Gt':
		case 'Lt': {
			const [bound] = values;
			if (value === undefined || bound === undefined) return false;
			const v = Number(value);
			const b = Number(bound);
			if (!Number.isInteger(v) || !Number.isInteger(b)) return false;
			return req.operator === 'Gt' ? v > b : v < b;
		}
		default:
			return false;
	}
}

function termMatches(term: Term, node: NodeObject): boolean {
	const labels = node.metadata.labels ?? {};
	const expressions = term.matchExpressions ?? [];
	const fields = term.matchFields ?? [];
	// An empty term matches no node.
	if (expressions.length === 0 && fields.length === 0) return false;
	return (
		expressions.every((r) =>
			requirementHolds(r, r.key === undefined ? undefined : labels[r.key])
		) && fields.every((r) => r.key === 'metadata.name' && requirementHolds(r, node.metadata.name))
	);
}

/** The pod's required node selector terms, or undefined when it has none. */
export function requiredTerms(pod: Pod): Term[] | undefined {
	return (
		pod.spec['affinity'] as
			| {
					nodeAffinity?: {
						requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: Term[] };
					};
			  }
			| undefined
	)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
}

export function matchesRequiredNodeAffinity(pod: Pod, node: NodeObject): boolean {
	const terms = requiredTerms(pod);
	if (!terms) return true;
	return terms.some((t) => termMatches(t, node));
}
