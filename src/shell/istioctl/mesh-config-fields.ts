/**
 * The fields of Istio 1.30.3's MeshConfig (istio/api v1.30.3, mesh/v1alpha1/config.proto, message
 * MeshConfig), by JSON name. istioctl validates an install's meshConfig strictly against them
 * first (operator/pkg/apis/validation validateMeshConfig: `protomarshal.ApplyYAMLStrict`), so a
 * field from a later release (1.31's `serviceEntryVisibility`) fails with jsonpb's message.
 */
const FIELDS = [
	'proxyListenPort',
	'proxyInboundListenPort',
	'proxyHttpPort',
	'connectTimeout',
	'hboneIdleTimeout',
	'protocolDetectionTimeout',
	'tcpKeepalive',
	'ingressClass',
	'ingressService',
	'ingressControllerMode',
	'ingressSelector',
	'enableTracing',
	'accessLogFile',
	'accessLogFormat',
	'accessLogEncoding',
	'enableEnvoyAccessLogService',
	'disableEnvoyListenerLog',
	'defaultConfig',
	'outboundTrafficPolicy',
	'inboundTrafficPolicy',
	'configSources',
	'enableAutoMtls',
	'trustDomain',
	'trustDomainAliases',
	'caCertificates',
	'defaultServiceExportTo',
	'defaultVirtualServiceExportTo',
	'defaultDestinationRuleExportTo',
	'rootNamespace',
	'localityLbSetting',
	'dnsRefreshRate',
	'h2UpgradePolicy',
	'inboundClusterStatName',
	'outboundClusterStatName',
	'certificates',
	'serviceSettings',
	'serviceScopeConfigs',
	'enablePrometheusMerge',
	'verifyCertificateAtClient',
	'ca',
	'extensionProviders',
	'defaultProviders',
	'discoverySelectors',
	'pathNormalization',
	'defaultHttpRetryPolicy',
	'tlsDefaults'
] as const;

const KNOWN = new Set<string>(FIELDS);

/** jsonpb takes a field's JSON name or its proto name (`access_log_file`). */
const camel = (name: string): string =>
	name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The install's error for a meshConfig key 1.30.3 does not have, else undefined. */
export function unknownMeshConfigField(key: string): string | undefined {
	return KNOWN.has(key) || (key.includes('_') && KNOWN.has(camel(key)))
		? undefined
		: `failed to unmarshall mesh config: unknown field "${key}" in v1alpha1.MeshConfig`;
}
