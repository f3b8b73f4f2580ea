/** Schemas for Istio's kinds (security.istio.io, networking.istio.io), from Istio's API protos. */
import {
	anyObject,
	arr,
	int,
	kindSchema,
	obj,
	oneOfEnum,
	str,
	stringMap,
	type JsonSchema
} from './build.ts';

const workloadSelector = obj(
	{ matchLabels: stringMap() },
	{ description: 'Pods this applies to; omitted: every workload in the namespace.' }
);
const policyTargetReference = obj(
	{ group: str(), kind: str('Service, Gateway or ServiceEntry.'), name: str(), namespace: str() },
	{ required: ['kind', 'name'] }
);
const strings = (d?: string): JsonSchema => arr(str(), d);

export const authorizationPolicy = kindSchema(
	'security.istio.io/v1',
	'AuthorizationPolicy',
	{
		spec: obj({
			selector: workloadSelector,
			targetRef: policyTargetReference,
			targetRefs: arr(policyTargetReference, 'Attach to a waypoint’s Service or Gateway (L7).'),
			action: oneOfEnum(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'], 'Default ALLOW.'),
			provider: obj({ name: str() }),
			rules: arr(
				obj({
					from: arr(
						obj({
							source: obj({
								principals: strings(
									'SPIFFE ids without spiffe://, e.g. cluster.local/ns/default/sa/curl.'
								),
								notPrincipals: strings(),
								requestPrincipals: strings(),
								notRequestPrincipals: strings(),
								namespaces: strings(),
								notNamespaces: strings(),
								ipBlocks: strings(),
								notIpBlocks: strings(),
								remoteIpBlocks: strings(),
								notRemoteIpBlocks: strings()
							})
						})
					),
					to: arr(
						obj({
							operation: obj({
								hosts: strings(),
								notHosts: strings(),
								ports: strings(),
								notPorts: strings(),
								methods: strings('HTTP methods: needs a waypoint in ambient mode.'),
								notMethods: strings(),
								paths: strings('HTTP paths: needs a waypoint in ambient mode.'),
								notPaths: strings()
							})
						})
					),
					when: arr(
						obj(
							{
								key: str('e.g. source.ip, request.headers[x-user]'),
								values: strings(),
								notValues: strings()
							},
							{ required: ['key'] }
						)
					)
				})
			)
		})
	},
	'Istio AuthorizationPolicy: ALLOW/DENY rules on who may call a workload.'
);

const mtlsMode = oneOfEnum(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']);
export const peerAuthentication = kindSchema(
	'security.istio.io/v1',
	'PeerAuthentication',
	{
		spec: obj({
			selector: workloadSelector,
			mtls: obj({ mode: mtlsMode }),
			portLevelMtls: { type: 'object', additionalProperties: obj({ mode: mtlsMode }) }
		})
	},
	'Istio PeerAuthentication: whether workloads accept plaintext (STRICT: mTLS only).'
);

const stringMatch = obj({ exact: str(), prefix: str(), regex: str() });
const percent = obj({ value: { type: 'number' } });
const destination = obj(
	{ host: str('A Service name, e.g. reviews.'), subset: str(), port: obj({ number: int() }) },
	{ required: ['host'] }
);

export const virtualService = kindSchema(
	'networking.istio.io/v1',
	'VirtualService',
	{
		spec: obj({
			hosts: strings('Hosts this routes, e.g. reviews.'),
			gateways: strings(),
			exportTo: strings(),
			http: arr(
				obj({
					name: str(),
					match: arr(
						obj({
							name: str(),
							uri: stringMatch,
							scheme: stringMatch,
							method: stringMatch,
							authority: stringMatch,
							headers: { type: 'object', additionalProperties: stringMatch },
							queryParams: { type: 'object', additionalProperties: stringMatch },
							port: int(),
							sourceLabels: stringMap(),
							ignoreUriCase: { type: 'boolean' }
						})
					),
					route: arr(obj({ destination, weight: int(), headers: anyObject() })),
					redirect: anyObject(),
					rewrite: obj({ uri: str(), authority: str() }),
					timeout: str('e.g. 0.5s'),
					retries: obj({ attempts: int(), perTryTimeout: str(), retryOn: str() }),
					fault: obj({
						delay: obj({ fixedDelay: str(), percentage: percent }),
						abort: obj({ httpStatus: int(), percentage: percent })
					}),
					mirror: destination,
					mirrorPercentage: percent,
					headers: anyObject(),
					corsPolicy: anyObject()
				})
			),
			tcp: arr(anyObject()),
			tls: arr(anyObject())
		})
	},
	'Istio VirtualService: HTTP routing (matches, weights, retries, timeouts, faults).'
);

const trafficPolicy = obj({
	loadBalancer: obj({
		simple: oneOfEnum(['UNSPECIFIED', 'LEAST_REQUEST', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN']),
		consistentHash: anyObject(),
		localityLbSetting: anyObject()
	}),
	connectionPool: anyObject(),
	outlierDetection: anyObject(),
	tls: obj({
		mode: oneOfEnum(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']),
		sni: str(),
		credentialName: str()
	}),
	portLevelSettings: arr(anyObject())
});

export const destinationRule = kindSchema(
	'networking.istio.io/v1',
	'DestinationRule',
	{
		spec: obj(
			{
				host: str('The Service, e.g. reviews.'),
				trafficPolicy,
				subsets: arr(
					obj({ name: str(), labels: stringMap(), trafficPolicy }, { required: ['name'] }),
					'Named versions, e.g. v1 with labels {version: v1}.'
				),
				exportTo: strings(),
				workloadSelector: anyObject()
			},
			{ required: ['host'] }
		)
	},
	'Istio DestinationRule: subsets and traffic policy for a Service.'
);
