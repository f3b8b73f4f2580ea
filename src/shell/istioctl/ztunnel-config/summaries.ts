/**
 * The tables `istioctl ztunnel-config` prints from a ztunnel `/config_dump`, and the raw
 * `-o json|yaml` dumps. Pure: a parsed dump in, text out. Mirrors istio
 * istioctl/pkg/writer/ztunnel/configdump (workload.go, services.go, policies.go,
 * certificates.go, configdump.go), with the headers of reference §4.1.
 */
import { toYaml } from '../../kubectl/printers/object.ts';
import { tabwrite, type TabwriterOptions } from '../../kubectl/printers/tabwriter.ts';

/** configdump.go tabwriter(): minwidth 0, tabwidth 8, padding 1. */
const TABLE: TabwriterOptions = { minwidth: 0, padding: 1 };
/** certificates.go PrintSecretSummary: padding 5. */
const CERT_TABLE: TabwriterOptions = { minwidth: 0, padding: 5 };

export interface ZtunnelWorkload {
	readonly uid: string;
	readonly name: string;
	readonly namespace: string;
	readonly workloadIps: readonly string[];
	readonly hostname: string;
	readonly node: string;
	readonly protocol: string;
	readonly status: string;
	readonly waypoint: GatewayAddress | undefined;
	readonly raw: unknown;
}

export interface GatewayAddress {
	/** `namespace/hostname` or `network/ip`. */
	readonly destination: string;
}

export interface ZtunnelService {
	readonly name: string;
	readonly namespace: string;
	readonly hostname: string;
	/** `network/ip`. */
	readonly vips: readonly string[];
	readonly endpointUids: readonly string[];
	readonly waypoint: GatewayAddress | undefined;
	readonly raw: unknown;
}

export interface ZtunnelPolicy {
	readonly name: string;
	readonly namespace: string;
	readonly action: string;
	readonly scope: string;
	readonly raw: unknown;
}

export interface Cert {
	readonly serialNumber: string;
	readonly validFrom: string;
	readonly expirationTime: string;
}

export interface CertsDump {
	readonly identity: string;
	readonly state: string;
	readonly certChain: readonly Cert[];
	readonly rootCerts: readonly Cert[];
	readonly raw: unknown;
}

export interface ZtunnelDump {
	readonly workloads: readonly ZtunnelWorkload[];
	readonly services: readonly ZtunnelService[];
	readonly policies: readonly ZtunnelPolicy[];
	readonly certificates: readonly CertsDump[];
	/** The body as ztunnel served it, for `all -o json`. */
	readonly full: unknown;
}

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const text = (o: Obj, k: string): string => (typeof o[k] === 'string' ? o[k] : '');
const texts = (o: Obj, k: string): string[] => {
	const v = o[k];
	return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};
/** ztunnel dumps some sections as lists and older ones as maps; Prime accepts both. */
const items = (x: unknown): Obj[] =>
	(Array.isArray(x) ? x : isObj(x) ? Object.values(x) : []).filter(isObj);

function gateway(o: Obj): GatewayAddress | undefined {
	const w = o['waypoint'];
	if (!isObj(w)) return undefined;
	return { destination: text(w, 'destination') };
}

function cert(o: Obj): Cert {
	return {
		serialNumber: text(o, 'serialNumber'),
		validFrom: text(o, 'validFrom'),
		expirationTime: text(o, 'expirationTime')
	};
}

/** ConfigWriter.Prime: JSON text → typed sections. Errors carry istioctl's wording. */
export function parseDump(body: string): ZtunnelDump | { readonly error: string } {
	let full: unknown;
	try {
		full = JSON.parse(body);
	} catch (e) {
		const why = e instanceof Error ? e.message : String(e);
		return { error: `error unmarshalling config dump response from ztunnel: ${why}` };
	}
	if (!isObj(full))
		return { error: 'error unmarshalling config dump response from ztunnel: not an object' };
	return {
		full,
		workloads: items(full['workloads']).map((w) => ({
			uid: text(w, 'uid'),
			name: text(w, 'name'),
			namespace: text(w, 'namespace'),
			workloadIps: texts(w, 'workloadIps'),
			hostname: text(w, 'hostname'),
			node: text(w, 'node'),
			protocol: text(w, 'protocol'),
			status: text(w, 'status'),
			waypoint: gateway(w),
			raw: w
		})),
		services: items(full['services']).map((s) => ({
			name: text(s, 'name'),
			namespace: text(s, 'namespace'),
			hostname: text(s, 'hostname'),
			vips: texts(s, 'vips'),
			endpointUids: items(s['endpoints']).map((e) => text(e, 'workloadUid')),
			waypoint: gateway(s),
			raw: s
		})),
		policies: items(full['policies']).map((p) => ({
			name: text(p, 'name'),
			namespace: text(p, 'namespace'),
			action: text(p, 'action'),
			scope: text(p, 'scope'),
			raw: p
		})),
		certificates: items(full['certificates']).map((c) => ({
			identity: text(c, 'identity'),
			state: text(c, 'state'),
			certChain: items(c['certChain']).map(cert),
			rootCerts: items(c['rootCerts']).map(cert),
			raw: c
		}))
	};
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const equalFold = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export interface WorkloadFilter {
	readonly namespace?: string;
	readonly address?: string;
	readonly node?: string;
	/** A workload pod's name (istioctl 1.30: a workload pod was named instead of a ztunnel). */
	readonly name?: string;
}

/** WorkloadFilter.Verify: every set field must match, case-insensitively. */
function verifyWorkload(w: ZtunnelWorkload, f: WorkloadFilter): boolean {
	if (f.name && !equalFold(w.name, f.name)) return false;
	if (f.namespace && !equalFold(w.namespace, f.namespace)) return false;
	if (f.address && !w.workloadIps.some((ip) => equalFold(ip, f.address as string))) return false;
	if (f.node && !equalFold(w.node, f.node)) return false;
	return true;
}

/** Sorted by `namespace.name`, then node, as PrintWorkloadSummary does. */
export function filterWorkloads(dump: ZtunnelDump, f: WorkloadFilter): ZtunnelWorkload[] {
	return dump.workloads
		.filter((w) => verifyWorkload(w, f))
		.sort(
			(a, b) =>
				compare(`${a.namespace}.${a.name}`, `${b.namespace}.${b.name}`) || compare(a.node, b.node)
		);
}

/** waypointName / serviceWaypointName: the service the waypoint address points at. */
function waypointName(gw: GatewayAddress | undefined, services: readonly ZtunnelService[]): string {
	if (!gw) return 'None';
	for (const s of services) {
		if (`${s.namespace}/${s.hostname}` === gw.destination) return s.name;
		if (s.vips.includes(gw.destination)) return s.name;
	}
	return 'NA';
}

export function workloadSummary(dump: ZtunnelDump, f: WorkloadFilter): string {
	let out = 'NAMESPACE\tPOD NAME\tADDRESS\tNODE\tWAYPOINT\tPROTOCOL\n';
	for (const w of filterWorkloads(dump, f)) {
		const address = w.workloadIps.join(',') || w.hostname;
		const waypoint = waypointName(w.waypoint, dump.services);
		out += `${w.namespace}\t${w.name}\t${address}\t${w.node}\t${waypoint}\t${w.protocol}\n`;
	}
	return tabwrite(out, TABLE);
}

/** Sorted by namespace, name, hostname. */
export function filterServices(dump: ZtunnelDump, namespace: string): ZtunnelService[] {
	return dump.services
		.filter((s) => !namespace || equalFold(s.namespace, namespace))
		.sort(
			(a, b) =>
				compare(a.namespace, b.namespace) ||
				compare(a.name, b.name) ||
				compare(a.hostname, b.hostname)
		);
}

/** ENDPOINTS is healthy/total: an endpoint counts as healthy when its workload is `Healthy`. */
export function serviceSummary(dump: ZtunnelDump, namespace: string): string {
	const byUid = new Map(dump.workloads.map((w) => [w.uid, w]));
	let out = 'NAMESPACE\tSERVICE NAME\tSERVICE VIP\tWAYPOINT\tENDPOINTS\n';
	for (const s of filterServices(dump, namespace)) {
		const ips = s.vips.map((v) => (v.includes('/') ? v.slice(v.indexOf('/') + 1) : ''));
		const healthy = s.endpointUids.filter((uid) => byUid.get(uid)?.status === 'Healthy').length;
		const waypoint = waypointName(s.waypoint, dump.services);
		out += `${s.namespace}\t${s.name}\t${ips.join(',')}\t${waypoint}\t${healthy}/${s.endpointUids.length}\n`;
	}
	return tabwrite(out, TABLE);
}

export function filterPolicies(dump: ZtunnelDump, namespace: string): ZtunnelPolicy[] {
	return dump.policies
		.filter((p) => !namespace || equalFold(p.namespace, namespace))
		.sort((a, b) => compare(a.namespace, b.namespace) || compare(a.name, b.name));
}

export function policySummary(dump: ZtunnelDump, namespace: string): string {
	let out = 'NAMESPACE\tPOLICY NAME\tACTION\tSCOPE\n';
	for (const p of filterPolicies(dump, namespace))
		out += `${p.namespace}\t${p.name}\t${p.action}\t${p.scope}\n`;
	return tabwrite(out, TABLE);
}

const orNA = (v: string): string => v || 'NA';

/** certNotExpired: valid when now lies strictly between NOT BEFORE and NOT AFTER. */
function certValid(c: Cert, now: Date): boolean {
	if (!c.expirationTime && !c.validFrom) return false;
	const from = Date.parse(c.validFrom);
	const to = Date.parse(c.expirationTime);
	if (Number.isNaN(from) || Number.isNaN(to)) return false;
	return now.getTime() > from && now.getTime() < to;
}

/** Go's `%x` of a decimal big.Int: lower-case hex, no leading zeros. */
function hexSerial(decimal: string): string {
	try {
		return BigInt(decimal).toString(16);
	} catch {
		return '%!x(*big.Int=<nil>)';
	}
}

/** PrintSecretSummary: the leaf, any intermediates, then the roots, per identity. */
export function certificateSummary(dump: ZtunnelDump, now: Date): string {
	let out = 'CERTIFICATE NAME\tTYPE\tSTATUS\tVALID CERT\tSERIAL NUMBER\tNOT AFTER\tNOT BEFORE\n';
	const row = (id: string, type: string, state: string, c: Cert): string =>
		`${id}\t${type}\t${state}\t${certValid(c, now)}\t${hexSerial(c.serialNumber)}\t${orNA(c.expirationTime)}\t${orNA(c.validFrom)}\n`;
	for (const s of dump.certificates) {
		const state = s.state.includes('Unavailable') ? 'Unavailable' : s.state;
		if (s.certChain.length === 0) {
			out += `${s.identity}\tNA\t${state}\tfalse\tNA\tNA\tNA\n`;
			continue;
		}
		// Before ztunnel split out rootCerts, the root was the chain's last entry.
		const legacy = s.rootCerts.length === 0;
		s.certChain.forEach((c, i) => {
			const type =
				i === 0 ? 'Leaf' : i === s.certChain.length - 1 && legacy ? 'Root' : 'Intermediate';
			out += row(s.identity, type, state, c);
		});
		for (const c of s.rootCerts) out += row(s.identity, 'Root', state, c);
	}
	return tabwrite(out, CERT_TABLE);
}

/** PrintFullSummary: a blank line before each section. */
export function fullSummary(dump: ZtunnelDump, now: Date): string {
	return [
		workloadSummary(dump, {}),
		serviceSummary(dump, ''),
		policySummary(dump, ''),
		certificateSummary(dump, now)
	]
		.map((s) => `\n${s}`)
		.join('');
}

/**
 * `-o json` (json.MarshalIndent with four spaces) or `-o yaml` (sigs.k8s.io/yaml JSONToYAML:
 * keys sorted, go-yaml v2 block sequences not indented), then Fprintln.
 */
export function rawDump(value: unknown, format: 'json' | 'yaml'): string {
	const json = JSON.stringify(value, null, 4) ?? 'null';
	if (format === 'json') return `${json}\n`;
	return `${toYaml(JSON.parse(json))}\n`;
}
