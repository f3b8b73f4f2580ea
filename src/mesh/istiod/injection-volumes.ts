/**
 * The volumes Istio 1.30.3's injection template gives a sidecar pod and the `istio-proxy`
 * container's mounts of them (files/injection-template.yaml, with the defaults: pilotCertProvider
 * `istiod`, no GKE workload certificates, no custom bootstrap, no user volumes). Their order is
 * the template's; the pod's own volumes (its `kube-api-access-…` among them) follow, as a real
 * injected pod lists them. Nothing reads these volumes: pilot-agent's files and sockets are
 * modelled inside the proxy, not through a file tree.
 */
type Volume = Record<string, unknown>;

/** `global.sds.token.aud` and the token's lifetime in the template. */
const ISTIO_TOKEN = { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' };

/**
 * The template's volumes. `apiDefaults`: as the API server stores them (ConfigMap, downward API and
 * projected volumes get `defaultMode: 420`, field refs `apiVersion: v1`); without, as `istioctl
 * kube-inject` prints the rendered template.
 */
export function injectedVolumes(apiDefaults: boolean): Volume[] {
	const mode = apiDefaults ? { defaultMode: 420 } : {};
	const fieldRef = (fieldPath: string) =>
		apiDefaults ? { apiVersion: 'v1', fieldPath } : { fieldPath };
	return [
		{ emptyDir: {}, name: 'workload-socket' },
		{ emptyDir: {}, name: 'credential-socket' },
		{ emptyDir: {}, name: 'workload-certs' },
		{ emptyDir: { medium: 'Memory' }, name: 'istio-envoy' },
		{ emptyDir: {}, name: 'istio-data' },
		{
			downwardAPI: {
				...mode,
				items: [
					{ fieldRef: fieldRef('metadata.labels'), path: 'labels' },
					{ fieldRef: fieldRef('metadata.annotations'), path: 'annotations' }
				]
			},
			name: 'istio-podinfo'
		},
		{
			name: 'istio-token',
			projected: { ...mode, sources: [{ serviceAccountToken: { ...ISTIO_TOKEN } }] }
		},
		{ configMap: { ...mode, name: 'istio-ca-root-cert' }, name: 'istiod-ca-cert' },
		{ configMap: { ...mode, name: 'istio-ca-crl', optional: true }, name: 'istio-ca-crl' }
	];
}

/** The names `sidecar.istio.io/status` lists under `volumes`. */
export const INJECTED_VOLUME_NAMES: readonly string[] = injectedVolumes(false).map(
	(v) => v['name'] as string
);

/** `istio-proxy`'s volumeMounts, in the template's order. */
export function proxyVolumeMounts(): Record<string, string>[] {
	return [
		{ mountPath: '/var/run/secrets/workload-spiffe-uds', name: 'workload-socket' },
		{ mountPath: '/var/run/secrets/credential-uds', name: 'credential-socket' },
		{ mountPath: '/var/run/secrets/workload-spiffe-credentials', name: 'workload-certs' },
		{ mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' },
		{ mountPath: '/var/run/secrets/istio/crl', name: 'istio-ca-crl' },
		{ mountPath: '/var/lib/istio/data', name: 'istio-data' },
		{ mountPath: '/etc/istio/proxy', name: 'istio-envoy' },
		{ mountPath: '/var/run/secrets/tokens', name: 'istio-token' },
		{ mountPath: '/etc/istio/pod', name: 'istio-podinfo' }
	];
}

/** The template's volumes first, then the pod's own (a name the template uses is replaced). */
export function withInjectedVolumes(existing: unknown, apiDefaults: boolean): Volume[] {
	const own = (Array.isArray(existing) ? existing : []) as Volume[];
	return [
		...injectedVolumes(apiDefaults),
		...own.filter((v) => !INJECTED_VOLUME_NAMES.includes(v['name'] as string))
	];
}
