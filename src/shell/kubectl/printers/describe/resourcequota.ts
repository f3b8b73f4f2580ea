/**
 * kubectl describe for a ResourceQuota (kubectl pkg/describe/describe.go `describeQuota`): name,
 * namespace, its scopes with their help text, then each resource of status.hard with its usage.
 * It prints no labels, annotations or events.
 */
import type { KubeObject } from '../../../../mesh/api/objects.ts';
import { LEVEL_0, PrefixWriter } from './prefix-writer.ts';
import type { DescribeContext } from './types.ts';

/** helpTextForResourceQuotaScope. */
const SCOPE_HELP: Readonly<Record<string, string>> = {
	Terminating:
		'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
	NotTerminating:
		'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
	BestEffort:
		'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
	NotBestEffort:
		'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.'
};

export function describeResourceQuota(q: KubeObject, _c: DescribeContext): string {
	const w = new PrefixWriter();
	const o = q as KubeObject & {
		spec?: { scopes?: string[] };
		status?: { hard?: Record<string, string>; used?: Record<string, string> };
	};
	w.write(LEVEL_0, `Name:\t${q.metadata.name}\n`);
	w.write(LEVEL_0, `Namespace:\t${q.metadata.namespace ?? ''}\n`);
	const scopes = [...(o.spec?.scopes ?? [])].sort();
	if (scopes.length > 0) {
		w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
		for (const s of scopes) {
			const help = SCOPE_HELP[s];
			if (help !== undefined) w.write(LEVEL_0, ` * ${help}\n`);
		}
	}
	w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
	w.write(LEVEL_0, '--------\t----\t----\n');
	const hard = o.status?.hard ?? {};
	for (const r of Object.keys(hard).sort())
		w.write(LEVEL_0, `${r}\t${o.status?.used?.[r] ?? '0'}\t${hard[r]}\n`);
	return w.toString();
}
