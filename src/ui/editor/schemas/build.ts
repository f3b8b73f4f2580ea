/**
 * Small builders for the JSON schemas the editor validates against (draft-07, what
 * yaml-language-server reads). Objects are closed by default: the API server rejects unknown
 * fields (`strict decoding error: unknown field`), so the editor flags them as it types.
 */
export type JsonSchema = { readonly [key: string]: unknown };

export const str = (description?: string): JsonSchema =>
	description ? { type: 'string', description } : { type: 'string' };
export const int = (description?: string): JsonSchema =>
	description ? { type: 'integer', description } : { type: 'integer' };
export const bool = (description?: string): JsonSchema =>
	description ? { type: 'boolean', description } : { type: 'boolean' };
export const oneOfEnum = (values: readonly string[], description?: string): JsonSchema => ({
	type: 'string',
	enum: values,
	...(description ? { description } : {})
});
export const arr = (items: JsonSchema, description?: string): JsonSchema => ({
	type: 'array',
	items,
	...(description ? { description } : {})
});
/** `map[string]string`: labels, annotations, selectors, ConfigMap data. */
export const stringMap = (description?: string): JsonSchema => ({
	type: 'object',
	additionalProperties: { type: 'string' },
	...(description ? { description } : {})
});
/** An object this editor does not describe field by field (resources, securityContext). */
export const anyObject = (description?: string): JsonSchema => ({
	type: 'object',
	...(description ? { description } : {})
});
/** Kubernetes IntOrString (`targetPort: 9080` or `targetPort: http`). */
export const intOrString = (description?: string): JsonSchema => ({
	anyOf: [{ type: 'integer' }, { type: 'string' }],
	...(description ? { description } : {})
});

export function obj(
	properties: Readonly<Record<string, JsonSchema>>,
	options: { required?: readonly string[]; description?: string; open?: boolean } = {}
): JsonSchema {
	return {
		type: 'object',
		properties,
		...(options.required ? { required: options.required } : {}),
		...(options.description ? { description: options.description } : {}),
		...(options.open ? {} : { additionalProperties: false })
	};
}

export const metadata = obj(
	{
		name: str('Name of the object, unique in its namespace (a DNS-1123 subdomain).'),
		namespace: str('Namespace of the object; defaults to the current context’s namespace.'),
		labels: stringMap(
			'Labels: selectors, and Istio’s istio.io/dataplane-mode, istio.io/use-waypoint …'
		),
		annotations: stringMap(),
		generateName: str(),
		uid: str(),
		resourceVersion: str(),
		generation: int(),
		creationTimestamp: str(),
		deletionTimestamp: str(),
		managedFields: arr(anyObject()),
		ownerReferences: arr(anyObject()),
		finalizers: arr(str())
	},
	{ description: 'Standard object metadata.' }
);

/** The envelope every kind shares; `spec` and friends come from the kind. */
export function kindSchema(
	apiVersion: string,
	kind: string,
	fields: Readonly<Record<string, JsonSchema>>,
	description: string
): JsonSchema {
	return obj(
		{
			apiVersion: { type: 'string', const: apiVersion, description: `Must be ${apiVersion}.` },
			kind: { type: 'string', const: kind },
			metadata,
			status: anyObject('Written by the cluster; ignored by apply.'),
			...fields
		},
		{ required: ['apiVersion', 'kind', 'metadata'], description }
	);
}

export const labelSelector = obj(
	{
		matchLabels: stringMap(),
		matchExpressions: arr(
			obj(
				{
					key: str(),
					operator: oneOfEnum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
					values: arr(str())
				},
				{ required: ['key', 'operator'] }
			)
		)
	},
	{ description: 'Selects pods by their labels.' }
);
