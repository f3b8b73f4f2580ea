/**
 * A CRD's `openAPIV3Schema` node (apiextensions.k8s.io/v1 JSONSchemaProps): the keywords the
 * API server validates with. Descriptions are stripped from the stored copies.
 */
export interface JsonSchemaProps {
	type?: string;
	format?: string;
	enum?: unknown[];
	pattern?: string;
	maxLength?: number;
	minLength?: number;
	maxItems?: number;
	minItems?: number;
	maxProperties?: number;
	minProperties?: number;
	maximum?: number;
	minimum?: number;
	exclusiveMaximum?: boolean;
	exclusiveMinimum?: boolean;
	multipleOf?: number;
	required?: string[];
	nullable?: boolean;
	default?: unknown;
	properties?: Record<string, JsonSchemaProps>;
	items?: JsonSchemaProps;
	additionalProperties?: JsonSchemaProps | boolean;
	allOf?: JsonSchemaProps[];
	anyOf?: JsonSchemaProps[];
	oneOf?: JsonSchemaProps[];
	not?: JsonSchemaProps;
	'x-kubernetes-preserve-unknown-fields'?: boolean;
	'x-kubernetes-int-or-string'?: boolean;
	'x-kubernetes-embedded-resource'?: boolean;
	'x-kubernetes-list-type'?: string;
	'x-kubernetes-list-map-keys'?: string[];
	'x-kubernetes-map-type'?: string;
	'x-kubernetes-validations'?: ValidationRule[];
}

/** One `x-kubernetes-validations` entry: a CEL rule and what to say when it is false. */
export interface ValidationRule {
	rule: string;
	message?: string;
	messageExpression?: string;
	reason?: string;
	fieldPath?: string;
	optionalOldSelf?: boolean;
}

/** `{ "<plural>.<group>": { "<version>": schema } }`, as scripts/import-crd-schemas.ts writes it. */
export type CrdSchemas = Readonly<Record<string, Readonly<Record<string, JsonSchemaProps>>>>;

/** builtin-fields.json: which fields each built-in kind has (scripts/import-builtin-fields.ts). */
export type KnownField = 0 | string | [string] | { map: string };
export interface BuiltinFields {
	readonly source: string;
	readonly kinds: Readonly<Record<string, string>>;
	readonly types: Readonly<Record<string, Readonly<Record<string, KnownField>>>>;
}

/**
 * The descriptions stripped from a CRD version's schema, on the paths `kubectl explain` walks:
 * `d` the node's description, `p` its properties', `i` its items', `a` its additionalProperties'.
 */
export interface DescriptionTree {
	readonly d?: string;
	readonly p?: Readonly<Record<string, DescriptionTree>>;
	readonly i?: DescriptionTree;
	readonly a?: DescriptionTree;
}

/** descriptions/*.json: per CRD, its distinct trees and the tree each version uses. */
export type CrdDescriptions = Readonly<
	Record<
		string,
		{
			readonly versions: Readonly<Record<string, number>>;
			readonly trees: readonly DescriptionTree[];
		}
	>
>;
