/**
 * Which policy objects attach to a Gateway's proxy (waypoint or ingress) by `targetRefs` (or the
 * deprecated singular `targetRef`), as pilot's policy attachment resolves them
 * (pilot/pkg/model/policyattachment.go): a ref to the Gateway itself (same namespace), or to a
 * Service the waypoint serves (same namespace; the policy then applies to that Service's
 * requests only). WasmPlugins and RequestAuthentications attach this way.
 */
import type { KubeObject } from '../api/objects.ts';
import type { Service } from '../xds/workload-api.ts';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** model.GetTargetRefs: `targetRefs`, then the deprecated `targetRef`. */
export function targetRefs(spec: Obj): Obj[] {
	const list = Array.isArray(spec['targetRefs']) ? spec['targetRefs'].filter(isObj) : [];
	return isObj(spec['targetRef']) ? [...list, spec['targetRef']] : list;
}

export interface Attachment {
	readonly object: KubeObject;
	readonly spec: Obj;
	/** Set when attached through a Service: its hostname. */
	readonly service?: string;
}

/** Each attachment of `objects` to `gateway` (sorted by namespace/name, then ref order). */
export function gatewayAttachments(
	gateway: { readonly name: string; readonly namespace: string },
	served: readonly Service[],
	objects: readonly KubeObject[]
): Attachment[] {
	const out: Attachment[] = [];
	const sorted = [...objects].sort((a, b) =>
		`${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
			`${b.metadata.namespace}/${b.metadata.name}`
		)
	);
	for (const object of sorted) {
		const ns = object.metadata.namespace ?? 'default';
		const spec = isObj(object['spec']) ? object['spec'] : {};
		for (const ref of targetRefs(spec)) {
			const group = ref['group'] ?? '';
			if (ref['kind'] === 'Gateway' && group === 'gateway.networking.k8s.io') {
				if (ns === gateway.namespace && ref['name'] === gateway.name) out.push({ object, spec });
			} else if (ref['kind'] === 'Service' && group === '') {
				const svc = served.find((s) => s.namespace === ns && s.name === ref['name']);
				if (svc) out.push({ object, spec, service: svc.hostname });
			}
		}
	}
	return out;
}
