/**
 * Re-creates `src/mesh/api/schemas/builtin-fields.json`: which fields each built-in kind has, for
 * kubectl's strict field validation (`unknown field "spec.selectr"`). Derived from the Kubernetes
 * API types as the `kubernetes-types` package (a devDependency) declares them, read with the
 * TypeScript compiler:
 *
 *   npx tsx scripts/import-builtin-fields.ts
 *
 * The model is a table of types: each field is `0` (a value: scalar, free-form map or list of
 * scalars), `"Type"` (an object), `["Type"]` (a list of objects) or `{ "map": "Type" }` (a map of
 * objects). Only the types reachable from the kinds below are kept.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/** The kinds the playground serves that a learner writes (builtin-resources.ts), by group/Kind. */
const KINDS: Record<string, string> = {
	'/ConfigMap': 'ConfigMap',
	'/Endpoints': 'Endpoints',
	'/Namespace': 'Namespace',
	'/Pod': 'Pod',
	'/Secret': 'Secret',
	'/Service': 'Service',
	'/ServiceAccount': 'ServiceAccount',
	'apps/DaemonSet': 'DaemonSet',
	'apps/Deployment': 'Deployment',
	'apps/ReplicaSet': 'ReplicaSet',
	'networking.k8s.io/NetworkPolicy': 'NetworkPolicy',
	'rbac.authorization.k8s.io/ClusterRole': 'ClusterRole',
	'rbac.authorization.k8s.io/ClusterRoleBinding': 'ClusterRoleBinding',
	'rbac.authorization.k8s.io/Role': 'Role',
	'rbac.authorization.k8s.io/RoleBinding': 'RoleBinding'
};
const FILES = [
	'core/v1.d.ts',
	'apps/v1.d.ts',
	'meta/v1.d.ts',
	'networking/v1.d.ts',
	'rbac/v1.d.ts'
];

type Field = 0 | string | [string] | { map: string };

const root = dirname(createRequire(import.meta.url).resolve('kubernetes-types/package.json'));
const interfaces = new Map<string, ts.InterfaceDeclaration>();
for (const file of FILES) {
	const text = readFileSync(join(root, file), 'utf8');
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	source.forEachChild((node) => {
		if (ts.isInterfaceDeclaration(node)) {
			if (interfaces.has(node.name.text)) throw new Error(`duplicate type ${node.name.text}`);
			interfaces.set(node.name.text, node);
		}
	});
}

function fieldOf(type: ts.TypeNode | undefined): Field {
	if (!type) return 0;
	if (ts.isTypeReferenceNode(type)) {
		const name = type.typeName.getText(type.getSourceFile());
		if (name === 'Array') {
			const inner = fieldOf(type.typeArguments?.[0]);
			return typeof inner === 'string' ? [inner] : 0;
		}
		// An interface without properties (FieldsV1) is free-form JSON: any field goes.
		const decl = interfaces.get(name);
		return decl && decl.members.some(ts.isPropertySignature) ? name : 0;
	}
	if (ts.isArrayTypeNode(type)) {
		const inner = fieldOf(type.elementType);
		return typeof inner === 'string' ? [inner] : 0;
	}
	if (ts.isTypeLiteralNode(type)) {
		const index = type.members.find(ts.isIndexSignatureDeclaration);
		const inner = fieldOf(index?.type);
		return typeof inner === 'string' ? { map: inner } : 0;
	}
	return 0;
}

const types: Record<string, Record<string, Field>> = {};
const queue = Object.values(KINDS);
while (queue.length > 0) {
	const name = queue.shift() as string;
	if (types[name]) continue;
	const decl = interfaces.get(name);
	if (!decl) throw new Error(`unknown type ${name}`);
	const fields: Record<string, Field> = {};
	for (const member of decl.members) {
		if (!ts.isPropertySignature(member)) continue;
		const field = fieldOf(member.type);
		fields[member.name.getText(decl.getSourceFile())] = field;
		const ref =
			typeof field === 'string'
				? field
				: Array.isArray(field)
					? field[0]
					: field === 0
						? undefined
						: field.map;
		if (ref) queue.push(ref);
	}
	types[name] = fields;
}

const version = (
	JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
).version;
const out = JSON.stringify({ source: `kubernetes-types ${version}`, kinds: KINDS, types });
writeFileSync(new URL('../src/mesh/api/schemas/builtin-fields.json', import.meta.url), out + '\n');
console.log(`builtin-fields.json: ${Object.keys(types).length} types, ${out.length} bytes`);
