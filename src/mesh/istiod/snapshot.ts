/**
 * What istiod's ambient index reads: the Kubernetes objects its krt collections watch
 * (pilot/pkg/serviceregistry/ambient/ambientindex.go), read once per push. Plain data, so the
 * decisions built on it are pure functions.
 */
import { parse } from 'yaml';
import type { ApiServer } from '../api/api-server.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject, Pod, Service } from '../api/objects.ts';
import { DEFAULT_EXCLUDE_NAMESPACES, ISTIO_SYSTEM_NAMESPACE } from '../cni/enrolment.ts';
import { isPodReady } from '../api/pod-ready.ts';
import { isNodeAgent } from '../cni/node-agents.ts';
import { DEFAULT_TRUST_DOMAIN } from '../tls/identity.ts';
import { isCredentialSecret } from './gateway-credentials.ts';
import { obj } from '../json.ts';

export interface ClusterSnapshot {
	readonly namespaces: readonly KubeObject[];
	readonly pods: readonly Pod[];
	readonly services: readonly Service[];
	/** security.istio.io AuthorizationPolicy objects (empty before the CRDs exist). */
	readonly authorizationPolicies: readonly KubeObject[];
	readonly peerAuthentications: readonly KubeObject[];
	/** gateway.networking.k8s.io Gateways and HTTPRoutes (absent or empty before their CRDs). */
	readonly gateways?: readonly KubeObject[];
	readonly httpRoutes?: readonly KubeObject[];
	/** v1alpha2 TCPRoutes (the experimental channel's CRD). */
	readonly tcpRoutes?: readonly KubeObject[];
	/**
	 * istiod's `PILOT_ENABLE_ALPHA_GATEWAY_API=true`: only then does it read TCPRoutes and
	 * accept TCP listeners (pilot/pkg/features/experimental.go, default false).
	 */
	readonly alphaGatewayApi?: boolean;
	/** networking.istio.io Gateways (the classic gateways' servers). */
	readonly istioGateways?: readonly KubeObject[];
	/** networking.istio.io VirtualServices and DestinationRules, for waypoints. */
	readonly virtualServices?: readonly KubeObject[];
	readonly destinationRules?: readonly KubeObject[];
	/** networking.istio.io ServiceEntries (istiod's registry of hosts outside Kubernetes). */
	readonly serviceEntries?: readonly KubeObject[];
	/** telemetry.istio.io Telemetry objects (access logging for Envoy-based proxies). */
	readonly telemetries?: readonly KubeObject[];
	/** extensions.istio.io WasmPlugins (Envoy-based proxies' Wasm filters). */
	readonly wasmPlugins?: readonly KubeObject[];
	/** security.istio.io RequestAuthentications (Envoy-based proxies' jwt_authn filter). */
	readonly requestAuthentications?: readonly KubeObject[];
	/**
	 * Secrets holding gateway credentials (`isCredentialSecret`): what istiod's credential
	 * controller serves gateways over SDS (pilot/pkg/credentials/kube/secrets.go).
	 */
	readonly secrets?: readonly KubeObject[];
	/** Nodes where an istio-cni pod is ready: only pods there can be captured. */
	readonly cniNodes: readonly string[];
	/** istio-cni's EXCLUDE_NAMESPACES; default `[kube-system]`. */
	readonly excludeNamespaces?: readonly string[];
	/** meshConfig.rootNamespace; default `istio-system`. */
	readonly rootNamespace?: string;
	/** meshConfig.trustDomain; default `cluster.local`. */
	readonly trustDomain?: string;
	/** meshConfig.accessLogFile: Envoy's file access log where no Telemetry says otherwise. */
	readonly accessLogFile?: string;
	/** istiod's `AMBIENT_ENABLE_MULTI_NETWORK` (features.EnableAmbientMultiNetwork). */
	readonly multiNetwork?: boolean;
	/** meshConfig.extensionProviders (ext_authz providers for CUSTOM policies, tracers …). */
	readonly extensionProviders?: readonly unknown[];
	/** meshConfig.defaultConfig.gatewayTopology.numTrustedProxies (gateways' XFF trust). */
	readonly numTrustedProxies?: number;
	/** meshConfig.serviceScopeConfigs (the ambient profile's: `istio.io/global=true` is GLOBAL). */
	readonly serviceScopeConfigs?: readonly unknown[];
	/** The remote clusters istiod reads through its remote secrets (multi-network only). */
	readonly remoteClusters?: readonly RemoteClusterSnapshot[];
}

/** What istiod's informers hold of one remote cluster (multicluster.go's per-cluster collections). */
export interface RemoteClusterSnapshot {
	/** The cluster id: the remote secret's data key (`cluster2`). */
	readonly id: string;
	readonly namespaces: readonly KubeObject[];
	readonly pods: readonly Pod[];
	readonly services: readonly Service[];
	/** gateway.networking.k8s.io Gateways: the east-west gateway names its network's address. */
	readonly gateways: readonly KubeObject[];
}

/** Whether the running istiod's container sets `PILOT_ENABLE_ALPHA_GATEWAY_API=true`. */
export function alphaGatewayApiOf(pods: readonly Pod[]): boolean {
	const istiod = pods.find(
		(p) =>
			p.metadata.namespace === ISTIO_SYSTEM_NAMESPACE && p.metadata.labels?.['app'] === 'istiod'
	);
	const env = istiod?.spec.containers.find((c) => c.name === 'discovery')?.env ?? [];
	return env.some((e) => e.name === ALPHA_GATEWAY_API && e.value === 'true');
}

export const ALPHA_GATEWAY_API = 'PILOT_ENABLE_ALPHA_GATEWAY_API';

export const emptyClusterSnapshot: ClusterSnapshot = {
	namespaces: [],
	pods: [],
	services: [],
	authorizationPolicies: [],
	peerAuthentications: [],
	cniNodes: []
};

export const rootNamespaceOf = (s: ClusterSnapshot): string =>
	s.rootNamespace ?? ISTIO_SYSTEM_NAMESPACE;
export const trustDomainOf = (s: ClusterSnapshot): string => s.trustDomain ?? DEFAULT_TRUST_DOMAIN;

/** The `istio` ConfigMap's `mesh` (MeshConfig as YAML), as istiod reads it; {} when absent or bad. */
function meshConfig(api: ApiServer): Record<string, unknown> {
	const cm = list(api, 'configmaps').find(
		(c) => c.metadata.namespace === ISTIO_SYSTEM_NAMESPACE && c.metadata.name === 'istio'
	);
	const text = (cm?.['data'] as Record<string, unknown> | undefined)?.['mesh'];
	if (typeof text !== 'string') return {};
	try {
		const parsed: unknown = parse(text, { maxAliasCount: 0 });
		return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
			? (parsed as Record<string, unknown>)
			: {};
	} catch {
		// istiod keeps its last good mesh config; the simulation falls back to the defaults.
		return {};
	}
}

function list<T extends KubeObject>(api: ApiServer, typed: string): T[] {
	const type = api.resolve(typed);
	if (!type) return [];
	const r = api.list(type);
	return isApiError(r) ? [] : (r as T[]);
}

/** Reads the snapshot from the API server (kinds not served yet read as empty). */
export function readClusterSnapshot(api: ApiServer): ClusterSnapshot {
	const pods = list<Pod>(api, 'pods');
	const cniNodes = pods
		.filter((p) => isNodeAgent(p, 'istio-cni') && p.spec.nodeName !== undefined && isPodReady(p))
		.map((p) => p.spec.nodeName ?? '');
	const cniConfig = list(api, 'configmaps').find(
		(c) => c.metadata.namespace === ISTIO_SYSTEM_NAMESPACE && c.metadata.name === 'istio-cni-config'
	);
	const exclude = (cniConfig?.['data'] as Record<string, string> | undefined)?.[
		'EXCLUDE_NAMESPACES'
	];
	const mesh = meshConfig(api);
	const accessLogFile = typeof mesh['accessLogFile'] === 'string' ? mesh['accessLogFile'] : '';
	const providers = mesh['extensionProviders'];
	const trusted = numTrustedProxiesOf(mesh['defaultConfig']);
	return {
		...(accessLogFile ? { accessLogFile } : {}),
		...(Array.isArray(providers) ? { extensionProviders: providers } : {}),
		...(trusted !== undefined ? { numTrustedProxies: trusted } : {}),
		namespaces: list(api, 'namespaces'),
		pods,
		services: list<Service>(api, 'services'),
		authorizationPolicies: list(api, 'authorizationpolicies.security.istio.io'),
		peerAuthentications: list(api, 'peerauthentications.security.istio.io'),
		gateways: list(api, 'gateways.gateway.networking.k8s.io'),
		httpRoutes: list(api, 'httproutes.gateway.networking.k8s.io'),
		// As istiod's informers: TCPRoutes are watched only with the alpha API on.
		...(alphaGatewayApiOf(pods)
			? { tcpRoutes: list(api, 'tcproutes.gateway.networking.k8s.io'), alphaGatewayApi: true }
			: {}),
		istioGateways: list(api, 'gateways.networking.istio.io'),
		virtualServices: list(api, 'virtualservices.networking.istio.io'),
		destinationRules: list(api, 'destinationrules.networking.istio.io'),
		telemetries: list(api, 'telemetries.telemetry.istio.io'),
		serviceEntries: list(api, 'serviceentries.networking.istio.io'),
		wasmPlugins: list(api, 'wasmplugins.extensions.istio.io'),
		requestAuthentications: list(api, 'requestauthentications.security.istio.io'),
		secrets: list(api, 'secrets').filter(isCredentialSecret),
		cniNodes: [...new Set(cniNodes)].sort(),
		excludeNamespaces:
			exclude === undefined
				? DEFAULT_EXCLUDE_NAMESPACES
				: exclude
						.split(',')
						.map((s) => s.trim())
						.filter((s) => s !== '')
	};
}

/**
 * A ProxyConfig's `gatewayTopology.numTrustedProxies` (meshConfig.defaultConfig, or a pod's
 * `proxy.istio.io/config` annotation), when it is a whole number.
 */
export function numTrustedProxiesOf(proxyConfig: unknown): number | undefined {
	const topology = obj(obj(proxyConfig)['gatewayTopology']);
	const n = topology['numTrustedProxies'];
	const v = typeof n === 'string' && /^\d+$/.test(n) ? Number(n) : n;
	return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}
