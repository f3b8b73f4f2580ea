/**
 * What istioctl deletes, shared by `uninstall` (operator/pkg/uninstall/prune.go) and the prune
 * step of `install` (operator/pkg/install/install.go prune): the kinds it lists, in its order,
 * and `DeleteResource`'s lines (`  Removed apps/v1, Kind=Deployment/istiod.istio-system.`).
 */
import type { ApiServer, ResourceType } from '../../mesh/api/api-server.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { CommandIO } from '../command.ts';

/** prune.go NamespacedResources then AllClusterResources, as kubectl names them. */
export const PRUNE_ORDER = [
	'deployments.apps',
	'daemonsets.apps',
	'services',
	'configmaps',
	'pods',
	'secrets',
	'serviceaccounts',
	'rolebindings.rbac.authorization.k8s.io',
	'roles.rbac.authorization.k8s.io',
	'poddisruptionbudgets.policy',
	'horizontalpodautoscalers.autoscaling',
	'envoyfilters.networking.istio.io',
	'mutatingwebhookconfigurations.admissionregistration.k8s.io',
	'validatingwebhookconfigurations.admissionregistration.k8s.io',
	'clusterroles.rbac.authorization.k8s.io',
	'clusterrolebindings.rbac.authorization.k8s.io'
];

export interface Target {
	readonly type: ResourceType;
	readonly object: KubeObject;
}

/** Objects of `kinds` matching a label selector, kind by kind (kinds not served are skipped). */
export function listTargets(api: ApiServer, kinds: readonly string[], selector: string): Target[] {
	const out: Target[] = [];
	for (const typed of kinds) {
		const type = api.resolve(typed);
		if (!type) continue;
		const listed = api.list(type, { labelSelector: selector });
		if (isApiError(listed)) continue;
		for (const object of listed) out.push({ type, object });
	}
	return out;
}

/** `apps/v1, Kind=Deployment` (schema.GroupVersionKind's String), `/v1, Kind=Pod` for core. */
export function gvk(o: KubeObject): string {
	const [group, version] = o.apiVersion.includes('/')
		? o.apiVersion.split('/')
		: ['', o.apiVersion];
	return `${group}/${version}, Kind=${o.kind}`;
}

/** DeleteResource for each target, with its line on stdout. */
export function deleteTargets(
	io: CommandIO,
	api: ApiServer,
	targets: readonly Target[],
	dryRun: boolean
): void {
	const deleted = new Set<string>();
	for (const { type, object } of targets) {
		const name = `${gvk(object)}/${object.metadata.name}.${object.metadata.namespace ?? ''}`;
		if (dryRun) {
			io.stdout(`Not pruning object ${name} because of dry run.\n`);
			continue;
		}
		const r = api.delete(type, object.metadata.namespace, object.metadata.name);
		// Real deletes are foreground: a Deployment's pods still exist (terminating) when istioctl
		// reaches them. Our garbage collector removes them at once, so an owned object that vanished
		// during this run was removed by it.
		const cascaded = (object.metadata.ownerReferences ?? []).length > 0 && deleted.size > 0;
		if (isApiError(r) && !cascaded)
			io.stdout(`object: ${name} is not being deleted because it no longer exists\n`);
		else io.stdout(`  Removed ${name}.\n`);
		deleted.add(object.metadata.uid);
	}
}
