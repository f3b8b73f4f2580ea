/**
 * `kubectl create service clusterip|nodeport|loadbalancer|externalname`, `create role`,
 * `create clusterrole`, `create rolebinding`, `create clusterrolebinding`: the objects kubectl's
 * generators build and the errors their Validate gives (kubectl pkg/cmd/create/create_service.go,
 * create_role.go, create_clusterrole.go, create_rolebinding.go, create_clusterrolebinding.go).
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import { isDns1123Subdomain } from '../../mesh/api/names.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { CommandIO } from '../command.ts';
import { int, str, strings, type FlagSpec, type ParsedFlags } from './flags.ts';

/** Each generator's own flags, by the cobra command's path below `create`. */
export const GENERATOR_FLAGS: Readonly<Record<string, readonly string[]>> = {
	'service clusterip': ['tcp', 'clusterip'],
	'service nodeport': ['tcp', 'node-port'],
	'service loadbalancer': ['tcp'],
	'service externalname': ['tcp', 'external-name'],
	role: ['verb', 'resource', 'resource-name'],
	clusterrole: ['verb', 'resource', 'resource-name', 'non-resource-url', 'aggregation-rule'],
	rolebinding: ['clusterrole', 'role', 'user', 'group', 'serviceaccount'],
	clusterrolebinding: ['clusterrole', 'user', 'group', 'serviceaccount']
};

export const GENERATOR_FLAG_SPECS: readonly FlagSpec[] = [
	{ name: 'tcp', type: 'stringArray' },
	{ name: 'clusterip', type: 'string' },
	{ name: 'node-port', type: 'int' },
	{ name: 'external-name', type: 'string' },
	{ name: 'verb', type: 'stringArray' },
	{ name: 'resource', type: 'stringArray' },
	{ name: 'resource-name', type: 'stringArray' },
	{ name: 'non-resource-url', type: 'stringArray' },
	{ name: 'aggregation-rule', type: 'stringArray' },
	{ name: 'clusterrole', type: 'string' },
	{ name: 'role', type: 'string' },
	{ name: 'user', type: 'stringArray' },
	{ name: 'group', type: 'stringArray' },
	{ name: 'serviceaccount', type: 'stringArray' }
];

export const SERVICE_TYPES: Readonly<Record<string, string>> = {
	clusterip: 'ClusterIP',
	nodeport: 'NodePort',
	loadbalancer: 'LoadBalancer',
	externalname: 'ExternalName'
};

export const SERVICE_HELP = `Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
  clusterip      Create a ClusterIP service
  externalname   Create an ExternalName service
  loadbalancer   Create a LoadBalancer service
  nodeport       Create a NodePort service

Usage:
  kubectl create service [flags] [options]

Use "kubectl create service <command> --help" for more information about a command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

/** pflag StringSlice: every occurrence, each split at commas. */
const slice = (flags: ParsedFlags, name: string): string[] =>
	strings(flags, name)
		.flatMap((v) => v.split(','))
		.filter((v) => v !== '');

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

const RBAC = 'rbac.authorization.k8s.io';
const RBAC_V1 = `${RBAC}/v1`;

/** create_service.go parsePorts: `port[:targetPort]`, the target a number or a port name. */
function parsePorts(spec: string): { port: number; targetPort: number | string } | string {
	const [portText = '', target] = spec.split(':');
	// utilsnet.ParsePort: strconv.ParseUint(port, 10, 16).
	if (!/^\d+$/.test(portText)) return `strconv.ParseUint: parsing "${portText}": invalid syntax`;
	const port = Number(portText);
	if (port > 65535) return `strconv.ParseUint: parsing "${portText}": value out of range`;
	if (target === undefined) return { port, targetPort: port };
	if (/^[+-]?\d+$/.test(target)) {
		const n = Number(target);
		return n < 1 || n > 65535 ? 'must be between 1 and 65535, inclusive' : { port, targetPort: n };
	}
	// apimachinery validation.IsValidPortName.
	const errs: string[] = [];
	if (target.length > 15) errs.push('must be no more than 15 characters');
	if (!/^[-a-z0-9]+$/.test(target))
		errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
	if (!/[a-z]/.test(target)) errs.push('must contain at least one letter (a-z)');
	if (target.includes('--')) errs.push('must not contain consecutive hyphens');
	if (target.startsWith('-') || target.endsWith('-'))
		errs.push('must not begin or end with a hyphen');
	return errs.length > 0 ? errs.join(',') : { port, targetPort: target };
}

/** create_service.go Validate + createService. */
export function buildService(
	kind: string,
	name: string,
	namespace: string | undefined,
	flags: ParsedFlags
): KubeObject | string {
	const type = SERVICE_TYPES[kind] as string;
	const clusterIP = str(flags, 'clusterip') ?? '';
	const externalName = str(flags, 'external-name') ?? '';
	const tcp = slice(flags, 'tcp');
	if (type === 'ExternalName' && !flags.values.has('external-name'))
		return 'required flag(s) "external-name" not set';
	if (clusterIP === 'None' && type !== 'ClusterIP')
		return 'ClusterIP=None can only be used with ClusterIP service type';
	if (clusterIP !== 'None' && tcp.length === 0 && type !== 'ExternalName')
		return 'at least one tcp port specifier must be provided';
	if (type === 'ExternalName' && isDns1123Subdomain(externalName).length > 0)
		return `invalid service external name ${externalName}`;
	const nodePort = int(flags, 'node-port') ?? 0;
	const ports = [];
	for (const spec of tcp) {
		const p = parsePorts(spec);
		if (typeof p === 'string') return p;
		ports.push({
			name: spec.replaceAll(':', '-'),
			port: p.port,
			protocol: 'TCP',
			targetPort: p.targetPort,
			...(nodePort !== 0 ? { nodePort } : {})
		});
	}
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: {
			name,
			...(namespace ? { namespace } : {}),
			labels: { app: name }
		},
		spec: {
			...(clusterIP ? { clusterIP } : {}),
			...(type === 'ExternalName' ? { externalName } : {}),
			ports,
			selector: { app: name },
			type
		}
	} as unknown as KubeObject;
}

const VALID_RESOURCE_VERBS = [
	'*',
	'get',
	'delete',
	'list',
	'create',
	'update',
	'patch',
	'watch',
	'proxy',
	'deletecollection',
	'use',
	'bind',
	'escalate',
	'impersonate'
];
const VALID_NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
/** create_role.go specialVerbs: these verbs only apply to these group/resources. */
const SPECIAL_VERBS: Readonly<Record<string, readonly [string, string][]>> = {
	use: [
		['policy', 'podsecuritypolicies'],
		['extensions', 'podsecuritypolicies']
	],
	bind: [
		[RBAC, 'roles'],
		[RBAC, 'clusterroles']
	],
	escalate: [
		[RBAC, 'roles'],
		[RBAC, 'clusterroles']
	],
	impersonate: [
		['', 'users'],
		['', 'serviceaccounts'],
		['', 'groups'],
		['authentication.k8s.io', 'userextras']
	]
};

interface ResourceOption {
	readonly group: string;
	readonly resource: string;
	readonly subresource: string;
}

/** `pods`, `rs.apps`, `pods/status`, `*` (Complete's parsing). */
function parseResources(values: readonly string[]): ResourceOption[] {
	const out: ResourceOption[] = [];
	for (const r of values) {
		const [head = '', sub = ''] = r.split(/\/(.*)/s);
		const dot = head.indexOf('.');
		const resource = dot >= 0 ? head.slice(0, dot) : head;
		const group = dot >= 0 ? head.slice(dot + 1) : '';
		if (resource === '*' && dot < 0 && !r.includes('/'))
			return [{ group: '', resource: '*', subresource: '' }];
		out.push({ group, resource, subresource: sub });
	}
	return out;
}

/** The RESTMapper's answer: the served plural and group, or the name as typed. */
function mapped(
	api: ApiServer,
	r: ResourceOption
): { group: string; resource: string; found: boolean } {
	const t = api.resolve(r.group ? `${r.resource}.${r.group}` : r.resource);
	return t
		? { group: t.group, resource: t.plural, found: true }
		: { group: r.group, resource: r.resource, found: false };
}

/** create_role.go validateResource. */
function validateResources(
	api: ApiServer,
	verbs: readonly string[],
	rs: readonly ResourceOption[]
): string | undefined {
	for (const r of rs) {
		if (r.resource === '') return 'resource must be specified if apiGroup/subresource specified';
		if (r.resource === '*') return undefined;
		const m = mapped(api, r);
		let found = m.found;
		for (const v of verbs) {
			const allowed = SPECIAL_VERBS[v];
			if (!allowed) continue;
			if (!allowed.some(([g, res]) => g === m.group && res === m.resource))
				return `can not perform '${v}' on '${m.resource}' in group '${m.group}'`;
			found = true;
		}
		if (!found) return `the server doesn't have a resource type "${r.resource}"`;
	}
	return undefined;
}

/** generateResourcePolicyRules: one rule per API group, groups sorted. */
function policyRules(
	api: ApiServer,
	verbs: readonly string[],
	rs: readonly ResourceOption[],
	resourceNames: readonly string[],
	nonResourceURLs: readonly string[]
): Record<string, unknown>[] {
	const byGroup = new Map<string, string[]>();
	for (const r of rs) {
		const m = r.resource === '*' ? { group: r.group, resource: '*' } : mapped(api, r);
		const resource = r.subresource ? `${m.resource}/${r.subresource}` : m.resource;
		const list = byGroup.get(m.group) ?? [];
		if (!list.includes(resource)) list.push(resource);
		byGroup.set(m.group, list);
	}
	const rules: Record<string, unknown>[] = [...byGroup.keys()].sort().map((g) => ({
		apiGroups: [g],
		resources: byGroup.get(g),
		...(resourceNames.length > 0 ? { resourceNames: [...resourceNames] } : {}),
		verbs: [...verbs]
	}));
	if (nonResourceURLs.length > 0)
		rules.push({ nonResourceURLs: [...nonResourceURLs], verbs: [...verbs] });
	return rules;
}

/** Verbs deduplicated; `*` alone wins (Complete). */
function verbsOf(flags: ParsedFlags): string[] {
	const verbs = slice(flags, 'verb');
	return verbs.includes('*') ? ['*'] : unique(verbs);
}

/** create_role.go / create_clusterrole.go Validate and Run. */
export function buildRole(
	cluster: boolean,
	name: string,
	namespace: string | undefined,
	flags: ParsedFlags,
	api: ApiServer,
	io: CommandIO
): KubeObject | string {
	const verbs = verbsOf(flags);
	const resources = parseResources(slice(flags, 'resource'));
	const resourceNames = unique(strings(flags, 'resource-name'));
	const urls = cluster ? slice(flags, 'non-resource-url') : [];
	const aggregation = cluster ? slice(flags, 'aggregation-rule') : [];
	const kind = cluster ? 'ClusterRole' : 'Role';
	const meta = { name, ...(!cluster && namespace ? { namespace } : {}) };
	if (aggregation.length > 0) {
		if (urls.length > 0 || verbs.length > 0 || resources.length > 0 || resourceNames.length > 0)
			return 'aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames';
		const matchLabels: Record<string, string> = {};
		for (const kv of aggregation) {
			const at = kv.indexOf('=');
			if (at < 0)
				return `invalid argument "${aggregation.join(',')}" for "--aggregation-rule" flag: ${kv} must be formatted as key=value`;
			matchLabels[kv.slice(0, at)] = kv.slice(at + 1);
		}
		return {
			apiVersion: RBAC_V1,
			kind,
			metadata: meta,
			aggregationRule: { clusterRoleSelectors: [{ matchLabels }] }
		} as unknown as KubeObject;
	}
	if (verbs.length === 0) return 'at least one verb must be specified';
	if (!cluster && resources.length === 0) return 'at least one resource must be specified';
	if (cluster && resources.length === 0 && urls.length === 0)
		return 'one of resource or nonResourceURL must be specified';
	if (resources.length > 0) {
		for (const v of verbs)
			if (!VALID_RESOURCE_VERBS.includes(v))
				io.stderr(`Warning: '${v}' is not a standard resource verb\n`);
		const bad = validateResources(api, verbs, resources);
		if (bad) return bad;
	}
	if (urls.length > 0) {
		for (const v of verbs)
			if (!VALID_NON_RESOURCE_VERBS.includes(v)) return `invalid verb: '${v}' for nonResourceURL`;
		for (const u of urls) {
			if (u === '*') continue;
			if (!u.startsWith('/')) return 'nonResourceURL should start with /';
			if (u.slice(0, -1).includes('*'))
				return "nonResourceURL only supports wildcard matches when '*' is at the end";
		}
	}
	return {
		apiVersion: RBAC_V1,
		kind,
		metadata: meta,
		rules: policyRules(api, verbs, resources, resourceNames, urls)
	} as unknown as KubeObject;
}

/** create_rolebinding.go / create_clusterrolebinding.go Validate and createRoleBinding. */
export function buildBinding(
	cluster: boolean,
	name: string,
	namespace: string | undefined,
	flags: ParsedFlags
): KubeObject | string {
	const clusterRole = str(flags, 'clusterrole') ?? '';
	const role = cluster ? '' : (str(flags, 'role') ?? '');
	if (cluster && !flags.values.has('clusterrole')) return 'required flag(s) "clusterrole" not set';
	if (!cluster && (clusterRole === '') === (role === ''))
		return 'exactly one of clusterrole or role must be specified';
	const subjects: Record<string, string>[] = [
		...strings(flags, 'user').map((n) => ({ kind: 'User', apiGroup: RBAC, name: n })),
		...strings(flags, 'group').map((n) => ({ kind: 'Group', apiGroup: RBAC, name: n }))
	];
	for (const sa of strings(flags, 'serviceaccount')) {
		const parts = sa.split(':');
		if (parts.length !== 2 || parts[0] === '' || parts[1] === '')
			return 'serviceaccount must be <namespace>:<name>';
		subjects.push({
			kind: 'ServiceAccount',
			namespace: parts[0] as string,
			name: parts[1] as string
		});
	}
	return {
		apiVersion: RBAC_V1,
		kind: cluster ? 'ClusterRoleBinding' : 'RoleBinding',
		metadata: { name, ...(!cluster && namespace ? { namespace } : {}) },
		roleRef: { apiGroup: RBAC, kind: role ? 'Role' : 'ClusterRole', name: role || clusterRole },
		...(subjects.length > 0 ? { subjects } : {})
	} as unknown as KubeObject;
}
