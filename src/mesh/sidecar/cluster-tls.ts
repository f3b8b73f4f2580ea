/**
 * A sidecar's upstream TLS decision per cluster endpoint (pilot/pkg/networking/core/cluster_tls.go
 * `buildUpstreamTLSSettings`, `buildAutoMtlsSettings`): a DestinationRule's
 * `trafficPolicy.tls.mode` wins (ISTIO_MUTUAL: Istio mTLS; DISABLE: plaintext); without one,
 * auto mTLS (meshConfig.enableAutoMtls, on by default) sends Istio mTLS to endpoints labelled
 * `security.istio.io/tlsMode: istio` (pods with a sidecar) and plaintext to the rest. HBONE
 * endpoints never get here: the L4 engine tunnels to them.
 */
import type { SidecarHttp } from '../xds/sidecar-config.ts';
import type { Workload } from '../xds/workload-api.ts';

/** The endpoint label istiod copies from the injected pod (model.TLSModeLabelName). */
export const TLS_MODE_LABEL = 'security.istio.io/tlsMode';

export function usesIstioMtls(
	http: SidecarHttp | undefined,
	workload: Workload,
	hostname: string | undefined
): boolean {
	if (!http) return false;
	const mode = hostname === undefined ? undefined : http.tlsModes?.[hostname];
	if (mode === 'ISTIO_MUTUAL') return true;
	// DISABLE; SIMPLE and MUTUAL originate TLS with the user's certificates (not modelled here).
	if (mode !== undefined) return false;
	const labels = http.labels[workload.uid] ?? workload.labels ?? {};
	return labels[TLS_MODE_LABEL] === 'istio';
}
