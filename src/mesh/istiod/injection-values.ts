/**
 * The install's values the sidecar injector renders its template with (istiod reads them from
 * the `istio-sidecar-injector` ConfigMap and the mesh config): the mesh's
 * `defaultConfig.proxyMetadata` (the ambient profile's ISTIO_META_ENABLE_HBONE) and
 * `pilot.cni.enabled`, which istioctl sets exactly when the CNI component is installed
 * (operator/pkg/render/manifest.go), so we read it from that component's `istio-cni-config`.
 */
import { parse } from 'yaml';
import { CONFIG_MAPS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { ISTIO_SYSTEM_NAMESPACE } from '../cni/enrolment.ts';

export interface InjectionValues {
	/** `meshConfig.defaultConfig.proxyMetadata`: env of istio-proxy and the init container. */
	readonly proxyMetadata: Readonly<Record<string, string>>;
	/** `pilot.cni.enabled`: istio-validation instead of istio-init, and the traffic annotations. */
	readonly cni: boolean;
}

/** What the ambient profile renders. */
export const AMBIENT_INJECTION: InjectionValues = {
	proxyMetadata: { ISTIO_META_ENABLE_HBONE: 'true' },
	cni: true
};

/** Whether the template's `ISTIO_META_ENABLE_HBONE` is on: the pod's sidecar speaks HBONE. */
export const hboneEnabled = (v: InjectionValues): boolean =>
	v.proxyMetadata['ISTIO_META_ENABLE_HBONE'] === 'true';

let cached: { text: string; metadata: Readonly<Record<string, string>> } | undefined;

function proxyMetadata(text: string): Readonly<Record<string, string>> {
	if (cached?.text === text) return cached.metadata;
	let metadata: Record<string, string> = {};
	try {
		const mesh: unknown = parse(text, { maxAliasCount: 0 });
		const raw = (mesh as { defaultConfig?: { proxyMetadata?: unknown } } | null)?.defaultConfig
			?.proxyMetadata;
		if (typeof raw === 'object' && raw !== null)
			metadata = Object.fromEntries(
				Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string')
			);
	} catch {
		// istiod keeps its last good mesh config; here an unreadable one has no proxy metadata.
	}
	cached = { text, metadata };
	return metadata;
}

export function injectionValues(api: Pick<ClusterApiServer, 'get'>): InjectionValues {
	const mesh = api.get(CONFIG_MAPS, ISTIO_SYSTEM_NAMESPACE, 'istio');
	const text = isApiError(mesh)
		? ''
		: (mesh['data'] as Record<string, unknown> | undefined)?.['mesh'];
	const cni = api.get(CONFIG_MAPS, ISTIO_SYSTEM_NAMESPACE, 'istio-cni-config');
	return {
		proxyMetadata: typeof text === 'string' && text !== '' ? proxyMetadata(text) : {},
		cni: !isApiError(cni)
	};
}
