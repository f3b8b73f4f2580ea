/**
 * The WasmPlugins a Gateway's proxy (waypoint or ingress) is given: those in the Gateway's
 * namespace whose `targetRefs` (or deprecated `targetRef`) name the Gateway, and, for a waypoint,
 * those naming a Service it serves (the filter then runs for that Service's requests only), as
 * pilot's policy attachment resolves them (pilot/pkg/model/policyattachment.go, push_context.go
 * WasmPluginsByListenerInfo). Selector-only and root-namespace WasmPlugins do not attach to
 * waypoints here (README).
 */
import type { KubeObject } from '../api/objects.ts';
import type { WasmPluginConfig } from '../xds/waypoint-config.ts';
import type { Service } from '../xds/workload-api.ts';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

function targetRefs(spec: Obj): Obj[] {
	const list = Array.isArray(spec['targetRefs']) ? spec['targetRefs'].filter(isObj) : [];
	return isObj(spec['targetRef']) ? [...list, spec['targetRef']] : list;
}

export function wasmPluginsFor(
	gateway: { readonly name: string; readonly namespace: string },
	served: readonly Service[],
	plugins: readonly KubeObject[]
): WasmPluginConfig[] {
	const out: WasmPluginConfig[] = [];
	const sorted = [...plugins].sort((a, b) =>
		`${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
			`${b.metadata.namespace}/${b.metadata.name}`
		)
	);
	for (const p of sorted) {
		const ns = p.metadata.namespace ?? 'default';
		if (ns !== gateway.namespace && !served.some((s) => s.namespace === ns)) continue;
		const spec = isObj(p['spec']) ? p['spec'] : {};
		const base = {
			name: `${ns}/${p.metadata.name}`,
			url: typeof spec['url'] === 'string' ? spec['url'] : '',
			phase: typeof spec['phase'] === 'string' ? spec['phase'] : 'UNSPECIFIED_PHASE',
			pluginConfig: spec['pluginConfig'] ?? null
		};
		for (const ref of targetRefs(spec)) {
			const group = ref['group'] ?? '';
			if (ref['kind'] === 'Gateway' && group === 'gateway.networking.k8s.io') {
				if (ns === gateway.namespace && ref['name'] === gateway.name) out.push(base);
			} else if (ref['kind'] === 'Service' && group === '') {
				const svc = served.find((s) => s.namespace === ns && s.name === ref['name']);
				if (svc) out.push({ ...base, service: svc.hostname });
			}
		}
	}
	return out;
}
