/**
 * istiod's Gateway deployment controller applying what it renders (istio
 * `pilot/pkg/config/kube/gateway/deploymentcontroller.go` `apply`): creates what is missing and
 * brings labels, annotations and spec back to what istiod renders, owning only those fields.
 */
import type { ApiServer } from '../api/api-server.ts';
import { deepEqual } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject } from '../api/objects.ts';
import { obj, type Obj } from './gateway-status-writer.ts';

/** Does `live` hold every field `want` sets, with the same value (arrays element by element)? */
function containsFields(live: unknown, want: unknown): boolean {
	if (Array.isArray(want)) {
		return (
			Array.isArray(live) &&
			live.length === want.length &&
			want.every((w, i) => containsFields(live[i], w))
		);
	}
	if (typeof want === 'object' && want !== null) {
		if (typeof live !== 'object' || live === null || Array.isArray(live)) return false;
		const l = live as Record<string, unknown>;
		return Object.entries(want).every(([k, v]) => containsFields(l[k], v));
	}
	return live === want;
}

/** Creates `desired` if missing, else patches the fields istiod renders back when they drifted. */
export function reconcileObject(api: ApiServer, desired: KubeObject): void {
	const type = api.resourceFor(desired.apiVersion, desired.kind);
	if (!type) return;
	const live = api.get(type, desired.metadata.namespace, desired.metadata.name);
	if (isApiError(live)) {
		api.create(structuredClone(desired));
		return;
	}
	const d = desired as Obj;
	const l = live as Obj;
	// Like istiod's server-side apply, own only the fields we render: the server's defaults and
	// other controllers' additions (the Deployment's revision annotation) are not a difference,
	// or the two controllers would undo each other forever.
	const specDiffers =
		desired.kind === 'Service'
			? ['type', 'selector'].some((k) => !deepEqual(obj(l['spec'])[k], obj(d['spec'])[k]))
			: desired.kind === 'Deployment' &&
				!containsFields(obj(l['spec'])['template'], obj(d['spec'])['template']);
	const metaDiffers =
		!containsFields(live.metadata.labels ?? {}, desired.metadata.labels ?? {}) ||
		!containsFields(live.metadata.annotations ?? {}, desired.metadata.annotations ?? {});
	if (!specDiffers && !metaDiffers) return;
	api.patch(type, live.metadata.namespace, live.metadata.name, (draft) => {
		draft.metadata.labels = { ...draft.metadata.labels, ...desired.metadata.labels };
		if (desired.metadata.annotations)
			draft.metadata.annotations = {
				...draft.metadata.annotations,
				...desired.metadata.annotations
			};
		if (!specDiffers) return;
		const spec = obj(draft['spec']);
		const want = obj(d['spec']);
		if (desired.kind === 'Service') {
			spec['type'] = want['type'];
			spec['selector'] = want['selector'];
			if (want['type'] === 'ClusterIP') {
				// A ClusterIP Service has no node ports.
				spec['ports'] = (Array.isArray(spec['ports']) ? spec['ports'] : []).map((p) => {
					const { nodePort: _, ...rest } = obj(p);
					return rest;
				});
			}
		} else spec['template'] = structuredClone(want['template']);
	});
}
