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
import { gatewayAttachments } from './policy-attachment.ts';

export function wasmPluginsFor(
	gateway: { readonly name: string; readonly namespace: string },
	served: readonly Service[],
	plugins: readonly KubeObject[]
): WasmPluginConfig[] {
	return gatewayAttachments(gateway, served, plugins).map(({ object, spec, service }) => ({
		name: `${object.metadata.namespace ?? 'default'}/${object.metadata.name}`,
		url: typeof spec['url'] === 'string' ? spec['url'] : '',
		phase: typeof spec['phase'] === 'string' ? spec['phase'] : 'UNSPECIFIED_PHASE',
		pluginConfig: spec['pluginConfig'] ?? null,
		...(service !== undefined ? { service } : {})
	}));
}
