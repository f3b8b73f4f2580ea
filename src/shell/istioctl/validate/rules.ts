/**
 * A subset of Istio's own validation (pkg/config/validation/validation.go and virtualservice.go at
 * 1.30.3), the checks istiod's `validation.istio.io` webhook and `istioctl validate` run after the
 * proto decode: the ones the playground's lessons meet (hosts, routes, destinations, weights,
 * subsets, gateway servers). Messages are Istio's, in its order. Kinds or checks not listed here
 * are not run (README: Simplified).
 */
import { parseIpv4 } from '../../../mesh/api/cidr.ts';

export interface RuleResult {
	readonly errors: string[];
	readonly warnings: string[];
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const text = (x: unknown): string => (typeof x === 'string' ? x : '');

// pkg/config/labels/instance.go
const DNS1123_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_PREFIX = /^(\*|(\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;
const isDns1123Label = (v: string): boolean => v.length <= 63 && DNS1123_LABEL.test(v);
/** netutil.IsValidIPAddress (net.ParseIP): an IPv4 literal, or an IPv6 one (hex groups and colons). */
const isIP = (v: string): boolean =>
	parseIpv4(v) !== undefined || (v.includes(':') && /^[0-9a-fA-F:.]+$/.test(v));

/** pkg/config/validation/agent ValidateDNS1123Labels. */
function dns1123Labels(domain: string): string | undefined {
	const parts = domain.split('.');
	const tld = parts[parts.length - 1] as string;
	if (/^[-+]?\d+$/.test(tld))
		return `domain name "${domain}" invalid (top level domain "${tld}" cannot be all-numeric)`;
	for (let i = 0; i < parts.length; i++) {
		const label = parts[i] as string;
		if (i === parts.length - 1 && label === '') return undefined;
		if (!isDns1123Label(label)) return `domain name "${domain}" invalid (label "${label}" invalid)`;
	}
	return undefined;
}

/** agent.ValidateWildcardDomain: a wildcard is allowed in the first label only. */
export function wildcardDomain(domain: string): string | undefined {
	if (domain.length > 255) return `domain name "${domain}" too long (max 255)`;
	if (domain.length === 0) return 'empty domain name not allowed';
	const dot = domain.indexOf('.');
	const first = dot < 0 ? domain : domain.slice(0, dot);
	if (!(first.length <= 63 && WILDCARD_PREFIX.test(first)))
		return `domain name "${domain}" invalid (label "${first}" invalid)`;
	return dot < 0 ? undefined : dns1123Labels(domain.slice(dot + 1));
}

/** host.Name.Matches: equal, or one wildcard covers the other. */
function hostsMatch(a: string, b: string): boolean {
	if (a === b) return true;
	const covers = (w: string, h: string): boolean =>
		w === '*' || (w.startsWith('*') && h.endsWith(w.slice(1)));
	return (a.startsWith('*') && covers(a, b)) || (b.startsWith('*') && covers(b, a));
}

/** validateDestination. */
function destination(d: unknown, errors: string[]): void {
	if (!isObj(d)) return;
	const host = text(d['host']);
	if (host === '*') errors.push(`invalid destination host ${host}`);
	else {
		const bad = wildcardDomain(host);
		if (bad) errors.push(bad);
	}
	const subset = d['subset'];
	if (typeof subset === 'string' && subset !== '' && !isDns1123Label(subset))
		errors.push(`subset name is invalid: ${subset}`);
}

/** validateHTTPRouteDestinations / validateRouteDestinations. */
function routeDestinations(weights: unknown, errors: string[]): void {
	let total = 0;
	const all = list(weights);
	for (const w of all) {
		if (!isObj(w)) {
			errors.push('weight may not be nil');
			continue;
		}
		if (!isObj(w['destination'])) errors.push('destination is required');
		destination(w['destination'], errors);
		const weight = typeof w['weight'] === 'number' ? w['weight'] : 0;
		if (weight < 0) errors.push(`weight ${weight} < 0`);
		total += weight;
	}
	if (all.length > 1 && total === 0) errors.push('total destination weight = 0');
}

/** ValidateVirtualService (without the unreachable-rule analysis and header checks). */
function virtualService(spec: Obj): RuleResult {
	const errors: string[] = [];
	const hosts = list(spec['hosts']).map(text);
	const gateways = list(spec['gateways']).map(text);
	if (hosts.length === 0) {
		if (gateways.length > 0)
			errors.push('delegate virtual service must have no gateways specified');
		if (list(spec['tls']).length > 0)
			errors.push('delegate virtual service must have no tls route specified');
		if (list(spec['tcp']).length > 0)
			errors.push('delegate virtual service must have no tcp route specified');
	}
	// isGateway: bound to gateways unless one of them is "mesh".
	const appliesToMesh = gateways.length === 0 || gateways.includes('mesh');
	let allValid = true;
	for (const host of hosts) {
		const bad = wildcardDomain(host);
		if (bad) {
			if (!isIP(host)) {
				errors.push(bad);
				allValid = false;
			}
		} else if (appliesToMesh && host === '*') {
			errors.push('wildcard host * is not allowed for virtual services bound to the mesh gateway');
			allValid = false;
		}
	}
	if (allValid)
		for (let i = 0; i < hosts.length; i++)
			for (let j = i + 1; j < hosts.length; j++)
				if (hostsMatch(hosts[i] as string, hosts[j] as string))
					errors.push(`duplicate hosts in virtual service: ${hosts[i]} & ${hosts[j]}`);
	const http = list(spec['http']);
	const tcp = list(spec['tcp']);
	if (http.length === 0 && tcp.length === 0 && list(spec['tls']).length === 0)
		errors.push('http, tcp or tls must be provided in virtual service');
	for (const route of http) {
		if (!isObj(route)) {
			errors.push('http route may not be null');
			continue;
		}
		if (isObj(route['redirect'])) {
			if (list(route['route']).length > 0)
				errors.push('HTTP route cannot contain both route and redirect');
			if (isObj(route['fault'])) errors.push('HTTP route cannot contain both fault and redirect');
		}
		destination(route['mirror'], errors);
		routeDestinations(route['route'], errors);
	}
	for (const route of tcp) {
		if (!isObj(route)) continue;
		if (list(route['route']).length === 0) errors.push('TCP route is required');
		routeDestinations(route['route'], errors);
	}
	return { errors, warnings: [] };
}

const POLICY_FIELDS = [
	'outlierDetection',
	'connectionPool',
	'loadBalancer',
	'tls',
	'portLevelSettings',
	'tunnel',
	'proxyProtocol',
	'retryBudget'
];

/** validateTrafficPolicy: not empty; the deprecated consecutiveErrors only warns. */
function trafficPolicy(policy: unknown, out: RuleResult): void {
	if (!isObj(policy)) return;
	if (!POLICY_FIELDS.some((f) => policy[f] !== undefined && policy[f] !== null)) {
		out.errors.push('traffic policy must have at least one field');
		return;
	}
	const outlier = policy['outlierDetection'];
	if (
		isObj(outlier) &&
		typeof outlier['consecutiveErrors'] === 'number' &&
		outlier['consecutiveErrors'] !== 0
	)
		out.warnings.push(
			'outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead'
		);
}

/** ValidateDestinationRule (host, traffic policies, subset names). */
function destinationRule(spec: Obj): RuleResult {
	const errors: string[] = [];
	const out = { errors, warnings: [] as string[] };
	const bad = wildcardDomain(text(spec['host']));
	if (bad) errors.push(bad);
	trafficPolicy(spec['trafficPolicy'], out);
	const seen = new Set<string>();
	for (const subset of list(spec['subsets'])) {
		if (!isObj(subset)) {
			errors.push('subset may not be null');
			continue;
		}
		const name = text(subset['name']);
		if (seen.has(name)) errors.push(`duplicate subset names: ${name}`);
		seen.add(name);
		if (name === '') errors.push('subset name cannot be empty');
		else if (!isDns1123Label(name)) errors.push(`subset name is invalid: ${name}`);
		trafficPolicy(subset['trafficPolicy'], out);
	}
	return out;
}

/** ValidateGateway (servers, their hosts and ports). */
function gateway(name: string, spec: Obj): RuleResult {
	const errors: string[] = [];
	if (!isDns1123Label(name)) errors.push(`invalid gateway name: "${name}"`);
	const servers = list(spec['servers']);
	if (servers.length === 0) errors.push('gateway must have at least one server');
	for (const server of servers) {
		if (!isObj(server)) {
			errors.push('server may not be nil');
			continue;
		}
		if (list(server['hosts']).length === 0)
			errors.push('server config must contain at least one host');
		if (!isObj(server['port'])) errors.push('port is required');
	}
	return { errors, warnings: [] };
}

/** The checks of `kind`, on an object already decoded against its schema. */
export function istioRules(kind: string, name: string, spec: Obj): RuleResult {
	switch (kind) {
		case 'VirtualService':
			return virtualService(spec);
		case 'DestinationRule':
			return destinationRule(spec);
		case 'Gateway':
			return gateway(name, spec);
		default:
			return { errors: [], warnings: [] };
	}
}
