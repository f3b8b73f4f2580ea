/**
 * An object a kubectl generator built (`create deployment`, `run`) as `--dry-run=client -o yaml`
 * prints it: Go marshals the typed struct, so its zero values show (`creationTimestamp: null`,
 * `resources: {}`, `strategy: {}`, `status: {}`), and the namespace appears only when `-n` set it.
 * The copy is deep, so no two fields share an object (the YAML printer would alias them).
 */
import type { KubeObject } from '../../mesh/api/objects.ts';

type Obj = Record<string, unknown>;

function podSpecZeros(spec: Obj | undefined): void {
	for (const c of (spec?.['containers'] ?? []) as Obj[]) c['resources'] ??= {};
}

export function asGenerated(obj: KubeObject, namespaceGiven: boolean): KubeObject {
	const out = structuredClone(obj) as KubeObject & Obj;
	if (!namespaceGiven) delete out.metadata.namespace;
	out.metadata = { ...out.metadata, creationTimestamp: null } as unknown as KubeObject['metadata'];
	const spec = out['spec'] as Obj | undefined;
	if (out.kind === 'Pod') podSpecZeros(spec);
	const template = spec?.['template'] as Obj | undefined;
	if (template) {
		template['metadata'] = { ...(template['metadata'] as Obj), creationTimestamp: null };
		podSpecZeros(template['spec'] as Obj | undefined);
		if (out.kind === 'Deployment') spec!['strategy'] ??= {};
	}
	// RBAC kinds have no status; a Service's status holds an empty loadBalancer struct.
	const noStatus = [
		'ServiceAccount',
		'Secret',
		'Role',
		'ClusterRole',
		'RoleBinding',
		'ClusterRoleBinding'
	];
	if (out.kind === 'Service') out['status'] = { loadBalancer: {} };
	else if (!noStatus.includes(out.kind) && out.kind !== 'Namespace') out['status'] = {};
	else if (out.kind === 'Namespace') {
		out['spec'] = {};
		out['status'] = {};
	}
	return out;
}
