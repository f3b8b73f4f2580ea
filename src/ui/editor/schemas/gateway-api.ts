/** Schemas for Kubernetes Gateway API kinds (gateway.networking.k8s.io/v1): Gateway, HTTPRoute. */
import { arr, int, kindSchema, obj, oneOfEnum, str, anyObject, type JsonSchema } from './build.ts';

const parentRef = obj(
	{
		group: str(),
		kind: str('Gateway (default) or Service (GAMMA mesh routing).'),
		name: str(),
		namespace: str(),
		port: int(),
		sectionName: str()
	},
	{ required: ['name'] }
);

export const gateway = kindSchema(
	'gateway.networking.k8s.io/v1',
	'Gateway',
	{
		spec: obj(
			{
				gatewayClassName: str('istio (ingress) or istio-waypoint (a waypoint proxy).'),
				listeners: arr(
					obj(
						{
							name: str(),
							port: int('15008 with protocol HBONE for a waypoint.'),
							protocol: oneOfEnum(['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP', 'HBONE']),
							hostname: str(),
							tls: anyObject(),
							allowedRoutes: obj({
								namespaces: obj({
									from: oneOfEnum(['All', 'Same', 'Selector']),
									selector: anyObject()
								}),
								kinds: arr(anyObject())
							})
						},
						{ required: ['name', 'port', 'protocol'] }
					)
				),
				addresses: arr(anyObject()),
				infrastructure: anyObject()
			},
			{ required: ['gatewayClassName', 'listeners'] }
		)
	},
	'Gateway API Gateway: an ingress gateway, or (class istio-waypoint) a waypoint.'
);

const match = obj({
	path: obj({ type: oneOfEnum(['Exact', 'PathPrefix', 'RegularExpression']), value: str() }),
	headers: arr(
		obj(
			{ type: oneOfEnum(['Exact', 'RegularExpression']), name: str(), value: str() },
			{ required: ['name', 'value'] }
		)
	),
	queryParams: arr(anyObject()),
	method: oneOfEnum([
		'GET',
		'HEAD',
		'POST',
		'PUT',
		'DELETE',
		'CONNECT',
		'OPTIONS',
		'TRACE',
		'PATCH'
	])
});

const backendRef: JsonSchema = obj(
	{
		group: str(),
		kind: str(),
		name: str('A Service, e.g. reviews-v1.'),
		namespace: str(),
		port: int(),
		weight: int('Relative share of requests.'),
		filters: arr(anyObject())
	},
	{ required: ['name'] }
);

export const httpRoute = kindSchema(
	'gateway.networking.k8s.io/v1',
	'HTTPRoute',
	{
		spec: obj({
			parentRefs: arr(parentRef, 'The Gateway or Service this route attaches to.'),
			hostnames: arr(str()),
			rules: arr(
				obj({
					name: str(),
					matches: arr(match),
					filters: arr(anyObject()),
					backendRefs: arr(backendRef),
					timeouts: obj({ request: str(), backendRequest: str() }),
					retry: anyObject()
				})
			)
		})
	},
	'Gateway API HTTPRoute: HTTP routing for a Gateway or (GAMMA) a Service’s waypoint.'
);
