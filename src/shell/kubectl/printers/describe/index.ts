/** The describer for each kind; anything else gets kubectl's generic describer. */
import { describeConfigMap, describeSecret } from './config.ts';
import { describeDeployment } from './deployment.ts';
import { describeGeneric, describeNamespace } from './generic.ts';
import { describeNetworkPolicy } from './networkpolicy.ts';
import { describeNode } from './node.ts';
import { describePod } from './pod.ts';
import { describeResourceQuota } from './resourcequota.ts';
import { describeService } from './service.ts';
import type { Describer } from './types.ts';

export type { DescribeContext, Describer } from './types.ts';

const DESCRIBERS: Record<string, Describer> = {
	Pod: describePod,
	Service: describeService,
	Deployment: describeDeployment,
	Node: describeNode,
	Namespace: describeNamespace,
	NetworkPolicy: describeNetworkPolicy,
	Secret: describeSecret,
	ConfigMap: describeConfigMap,
	ResourceQuota: describeResourceQuota
};

export function describerFor(kind: string): Describer {
	return DESCRIBERS[kind] ?? describeGeneric;
}
