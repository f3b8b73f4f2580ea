/**
 * The printers of `istioctl x describe` (istioctl/pkg/describe/describe.go, 1.30.3): the pod
 * summary and its warnings, a Service's ports, a DestinationRule's subsets and policies, a
 * VirtualService's routes as they reach the pod, and the effective PeerAuthentication. Pure: the
 * command (describe.ts) fetches the objects and the sidecar's config dump.
 */
import type { KubeObject, Pod, Service, ServicePort } from '../../../mesh/api/objects.ts';
import { resolveHost } from '../../../mesh/istiod/routes-virtualservice.ts';

const LEVEL1 = '   ';
const LEVEL2 = '      ';
const PROXY_UID = 1337;
const DEPLOYMENT_REQUIREMENTS = 'https://istio.io/v1.30/docs/ops/deployment/requirements/';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const list = (x: unknown): Obj[] => (Array.isArray(x) ? x.filter(isObj) : []);
const text = (x: unknown): string => (typeof x === 'string' ? x : '');
const specOf = (o: KubeObject): Obj => (isObj(o['spec']) ? o['spec'] : {});

/** kname: `name` in the namespace being described, `name.namespace` elsewhere. */
export const kname = (o: KubeObject, describeNamespace: string): string =>
	o.metadata.namespace === describeNamespace
		? o.metadata.name
		: `${o.metadata.name}.${o.metadata.namespace ?? ''}`;

/** inject.FindSidecar: an `istio-proxy` container, plain or native. */
export const isMeshed = (pod: Pod): boolean =>
	[...(pod.spec.initContainers ?? []), ...pod.spec.containers].some(
		(c) => c.name === 'istio-proxy'
	);

/** GetRevisionFromPodAnnotation: `istio.io/rev`, else the injection status's revision. */
export function podRevision(pod: Pod): string {
	const annotations = pod.metadata.annotations ?? {};
	if (annotations['istio.io/rev'] !== undefined) return annotations['istio.io/rev'];
	try {
		const status: unknown = JSON.parse(annotations['sidecar.istio.io/status'] ?? '');
		return isObj(status) ? text(status['revision']) : '';
	} catch {
		return '';
	}
}

const NAME_LABELS = ['service.istio.io/canonical-name', 'app.kubernetes.io/name', 'app'];
const REVISION_LABELS = [
	'service.istio.io/canonical-revision',
	'app.kubernetes.io/version',
	'version'
];

/** printPod; false when the pod is not running, so nothing else about it is printed. */
export function printPod(pod: Pod, ns: string, ignoreUnmeshed: boolean): string {
	let out = '';
	const ports: string[] = [];
	for (const c of pod.spec.containers) {
		for (const p of c.ports ?? []) {
			const protocol = (p.protocol ?? 'TCP') === 'TCP' ? '' : `/${p.protocol}`;
			ports.push(`${p.containerPort}${protocol} (${c.name})`);
		}
		const uid = (c as { securityContext?: { runAsUser?: number } }).securityContext?.runAsUser;
		if (c.name !== 'istio-proxy' && c.name !== 'istio-operator' && uid === PROXY_UID)
			out += 'WARNING: User ID (UID) 1337 is reserved for the sidecar proxy.\n';
	}
	const name = kname(pod, ns);
	out += `Pod: ${name}\n   Pod Revision: ${podRevision(pod)}\n`;
	out +=
		ports.length > 0 ? `   Pod Ports: ${ports.join(', ')}\n` : '   Pod does not expose ports\n';
	const phase = pod.status?.phase ?? 'Pending';
	if (phase !== 'Running') return `${out}   Pod is not Running (${phase})\n`;
	for (const s of pod.status?.containerStatuses ?? [])
		if (!s.ready) out += `WARNING: Pod ${name} Container ${s.name} NOT READY\n`;
	for (const s of pod.status?.initContainerStatuses ?? [])
		if (!s.ready) out += `WARNING: Pod ${name} Init Container ${s.name} NOT READY\n`;
	if (ignoreUnmeshed) return out;
	if (!isMeshed(pod)) return `${out}WARNING: ${name} is not part of mesh; no Istio sidecar\n`;
	const podUid = (pod.spec as { securityContext?: { runAsUser?: number } }).securityContext
		?.runAsUser;
	if (podUid === PROXY_UID)
		out += '   WARNING: User ID (UID) 1337 is reserved for the sidecar proxy.\n';
	const labels = pod.metadata.labels ?? {};
	if (!NAME_LABELS.some((k) => labels[k] !== undefined))
		out += `Suggestion: add required service name label for Istio telemetry. See ${DEPLOYMENT_REQUIREMENTS}.\n`;
	if (!REVISION_LABELS.some((k) => labels[k] !== undefined))
		out += `Suggestion: add required service revision label for Istio telemetry. See ${DEPLOYMENT_REQUIREMENTS}.\n`;
	return out;
}

const PROTOCOLS: Record<string, string> = {
	tcp: 'TCP',
	udp: 'UDP',
	grpc: 'GRPC',
	'grpc-web': 'GRPC-Web',
	http: 'HTTP',
	http_proxy: 'HTTP_PROXY',
	http2: 'HTTP2',
	https: 'HTTPS',
	tls: 'TLS',
	mongo: 'Mongo',
	redis: 'Redis',
	mysql: 'MySQL'
};
/** conversion.go wellKnownPorts: SMTP, DNS, MySQL, MongoDB default to TCP. */
const WELL_KNOWN = new Set([25, 53, 3306, 27017]);

/** findProtocolForPort over pkg/config/kube ConvertProtocol. */
export function portProtocol(port: ServicePort & { appProtocol?: string }): string {
	if (!port.name && port.appProtocol === undefined && port.protocol !== 'UDP') return 'auto-detect';
	if (port.protocol === 'UDP') return 'UDP';
	let name = port.name ?? '';
	if (port.appProtocol !== undefined) {
		name = port.appProtocol;
		if (name === 'kubernetes.io/h2c') return 'HTTP2';
		if (name === 'kubernetes.io/ws') return 'HTTP';
		if (name === 'kubernetes.io/wss') return 'HTTPS';
	}
	if (name.toLowerCase().startsWith('grpc-web')) return 'GRPC-Web';
	const prefix = name.split('-')[0] as string;
	const p = PROTOCOLS[prefix.toLowerCase()];
	if (p) return p;
	if (WELL_KNOWN.has(port.port)) return 'TCP';
	return port.appProtocol === 'hbone' ? 'HBONE' : 'UnsupportedProtocol';
}

/** printService: each TCP port and the pod port it targets (controller.FindPort). */
export function printService(svc: Service, pod: Pod, ns: string): string {
	let out = `Service: ${kname(svc, ns)}\n`;
	for (const port of svc.spec.ports ?? []) {
		if ((port.protocol ?? 'TCP') !== 'TCP') continue;
		const target = port.targetPort ?? port.port;
		let number: number | undefined;
		if (typeof target === 'number') number = target;
		else
			for (const c of pod.spec.containers)
				for (const p of c.ports ?? [])
					if (p.name === target && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'))
						number ??= p.containerPort;
		out +=
			number === undefined
				? `   no suitable port for manifest: ${pod.metadata.uid ?? ''}\n`
				: `   Port: ${port.name ?? ''} ${port.port}/${portProtocol(port)} targets pod port ${number}\n`;
	}
	return out;
}

const matchLabels = (labels: Obj | undefined, podLabels: Readonly<Record<string, string>>) =>
	Object.entries(labels ?? {}).every(([k, v]) => podLabels[k] === v);

/** getDestRuleSubsets: the subset names that select one of the pods, and the others. */
export function destRuleSubsets(
	dr: KubeObject | undefined,
	podsLabels: readonly Readonly<Record<string, string>>[]
): { matching: string[]; nonmatching: string[] } {
	const out = { matching: [] as string[], nonmatching: [] as string[] };
	for (const s of list(dr ? specOf(dr)['subsets'] : undefined)) {
		const labels = isObj(s['labels']) ? s['labels'] : undefined;
		if (podsLabels.some((l) => matchLabels(labels, l))) out.matching.push(text(s['name']));
		else out.nonmatching.push(text(s['name']));
	}
	return out;
}

function shortPolicies(p: Obj): string {
	const extra = [
		p['loadBalancer'] !== undefined ? 'load balancer' : '',
		p['connectionPool'] !== undefined ? 'connection pool' : '',
		p['outlierDetection'] !== undefined ? 'outlier detection' : ''
	].filter(Boolean);
	return extra.length > 0 ? `Policies: ${extra.join('/')}\n` : '';
}

/** printDestinationRule. */
export function printDestinationRule(
	dr: KubeObject,
	indent: string,
	podsLabels: readonly Readonly<Record<string, string>>[],
	ns: string
): string {
	const spec = specOf(dr);
	let out = `${indent}DestinationRule: ${kname(dr, ns)} for ${JSON.stringify(text(spec['host']))}\n`;
	const { matching, nonmatching } = destRuleSubsets(dr, podsLabels);
	if (matching.length > 0 || nonmatching.length > 0) {
		if (matching.length === 0)
			out += `${indent}${LEVEL1}WARNING POD DOES NOT MATCH ANY SUBSETS.  (Non matching subsets ${nonmatching.join(',')})\n`;
		out += `${indent}${LEVEL1}Matching subsets: ${matching.join(',')}\n`;
		if (nonmatching.length > 0)
			out += `${indent}${LEVEL2}(Non-matching subsets ${nonmatching.join(',')})\n`;
	}
	const policy = spec['trafficPolicy'];
	if (!isObj(policy)) return `${out}${indent}${LEVEL1}No Traffic Policy\n`;
	const tls = policy['tls'];
	if (isObj(tls))
		out += `${indent}${LEVEL1}Traffic Policy TLS Mode: ${text(tls['mode']) || 'DISABLE'}\n`;
	const short = shortPolicies(policy);
	if (short) out += `${indent}${LEVEL1}${short}`;
	const ports = list(policy['portLevelSettings']);
	if (Array.isArray(policy['portLevelSettings'])) {
		out += `${indent}${LEVEL1}Port Level Settings:\n`;
		for (const ps of ports) {
			const number = isObj(ps['port']) ? Number(ps['port']['number'] ?? 0) : 0;
			out += `    ${number}:\n`;
			if (isObj(ps['tls']))
				out += `${indent}${LEVEL2}TLS Mode: ${text(ps['tls']['mode']) || 'DISABLE'}\n`;
			const sp = shortPolicies(ps);
			if (sp) out += `${indent}${LEVEL2}${sp}`;
		}
	}
	return out;
}

const FQDN_SUFFIX = '.svc.cluster.local';
const extendFqdn = (host: string): string =>
	host.startsWith('*') || host.endsWith(FQDN_SUFFIX) ? host : host + FQDN_SUFFIX;

/** renderStringMatch: exact as is, prefix with `*`, others as the proto's text. */
function stringMatch(m: unknown): string {
	if (!isObj(m)) return '';
	if (typeof m['exact'] === 'string') return m['exact'];
	if (typeof m['prefix'] === 'string') return `${m['prefix']}*`;
	if (typeof m['regex'] === 'string') return `regex:${JSON.stringify(m['regex'])}`;
	return '';
}

function renderMatch(match: Obj): string {
	let out = 'Match: ';
	if (match['uri'] !== undefined) {
		out += stringMatch(match['uri']);
		if (match['ignoreUriCase'] === true) out += ' uncased';
	}
	const headers = isObj(match['headers']) ? Object.entries(match['headers']) : [];
	if (headers.length > 0)
		out += ` when headers are ${headers.map(([k, v]) => `${k}=${stringMatch(v)}`).join('; ')}`;
	return out.trim();
}

const renderMatches = (matches: Obj[]): string =>
	matches.length === 0 ? 'everything' : matches.map(renderMatch).join(', ');

interface RouteFacts {
	readonly match: boolean;
	readonly facts: string[];
}

/** httpRouteMatchSvc. */
function httpRouteFacts(
	vs: KubeObject,
	route: Obj,
	svcHost: string,
	subsets: { matching: string[]; nonmatching: string[] },
	dr: KubeObject | undefined,
	ns: string
): RouteFacts {
	const facts: string[] = [];
	const mismatch: string[] = [];
	let match = false;
	const vsNs = vs.metadata.namespace ?? 'default';
	for (const dest of list(route['route'])) {
		const d = isObj(dest['destination']) ? dest['destination'] : {};
		const host = text(d['host']);
		const subset = text(d['subset']);
		const weight = typeof dest['weight'] === 'number' ? dest['weight'] : 0;
		if (extendFqdn(resolveHost(host, vsNs)) === svcHost) {
			if (subset !== '') {
				if (subsets.nonmatching.includes(subset)) {
					mismatch.push(
						`Route to non-matching subset ${subset} for (${renderMatches(list(route['match']))})`
					);
					continue;
				}
				if (!subsets.matching.includes(subset)) {
					mismatch.push(
						dr
							? `Warning: Route to UNKNOWN subset ${subset}; check DestinationRule ${kname(dr, ns)}`
							: `Warning: Route to subset ${subset} but NO DESTINATION RULE defining subsets!`
					);
					continue;
				}
			}
			match = true;
			if (weight > 0)
				facts.push(
					`Route to host "${host}"${subset ? ` subset "${subset}"` : ''} with weight ${weight}%`
				);
		} else if (subset === '') facts.push(`Route to host "${host}" with weight ${weight}%`);
		else facts.push(`Route to ${host} with invalid config`);
	}
	if (match) {
		const req = list(route['match']).map(renderMatch);
		// The fault's proto text form is not rendered here; its presence is.
		if (route['fault'] !== undefined) req.unshift('Fault injection');
		if (req.length > 0) facts.push(req.join(', '));
	}
	if (!match) facts.push(...mismatch);
	return { match, facts };
}

/** printVirtualService. */
export function printVirtualService(
	vs: KubeObject,
	indent: string,
	svc: Service,
	subsets: { matching: string[]; nonmatching: string[] },
	dr: KubeObject | undefined,
	ns: string
): string {
	const spec = specOf(vs);
	const svcHost = extendFqdn(`${svc.metadata.name}.${svc.metadata.namespace ?? 'default'}`);
	let out = `${indent}VirtualService: ${kname(vs, ns)}\n`;
	let matches = 0;
	let facts = 0;
	const mismatch: string[] = [];
	const http = list(spec['http']);
	const tcp = list(spec['tcp']);
	for (const route of http) {
		const r = httpRouteFacts(vs, route, svcHost, subsets, dr, ns);
		if (!r.match) {
			mismatch.push(...r.facts);
			continue;
		}
		matches++;
		for (const f of r.facts) out += `${indent}${LEVEL1}${f}\n`;
		facts += r.facts.length;
	}
	for (const route of tcp) {
		const hit = list(route['route']).some((dest) => {
			const d = isObj(dest['destination']) ? dest['destination'] : {};
			return (
				extendFqdn(resolveHost(text(d['host']), vs.metadata.namespace ?? 'default')) === svcHost
			);
		});
		if (hit) matches++;
	}
	if (matches === 0) {
		if (http.length > 0)
			out += `${indent}${LEVEL1}WARNING: No destinations match pod subsets (checked ${http.length} HTTP routes)\n`;
		if (tcp.length > 0)
			out += `${indent}${LEVEL1}WARNING: No destinations match pod subsets (checked ${tcp.length} TCP routes)\n`;
		for (const m of mismatch) out += `${indent}${LEVEL2}${m}\n`;
		return out;
	}
	const possible = http.length + list(spec['tls']).length + tcp.length;
	if (matches < possible) {
		out += `${indent}${LEVEL1}${possible - matches} additional destination(s) that will not reach this pod\n`;
		if (facts === 0) for (const m of mismatch) out += `${indent}${LEVEL2}${m}\n`;
		return out;
	}
	if (facts === 0) {
		if (http.length > 0) out += `${indent}${LEVEL1}${http.length} HTTP route(s)\n`;
		if (tcp.length > 0) out += `${indent}${LEVEL1}${tcp.length} TCP route(s)\n`;
	}
	return out;
}

type Mode = 'UNSET' | 'STRICT' | 'PERMISSIVE' | 'DISABLE';
const modeOf = (x: unknown): Mode => {
	const m = isObj(x) ? text(x['mode']) : '';
	return m === 'STRICT' || m === 'PERMISSIVE' || m === 'DISABLE' ? m : 'UNSET';
};
const selectorOf = (pa: KubeObject): Obj | undefined => {
	const sel = specOf(pa)['selector'];
	const labels = isObj(sel) && isObj(sel['matchLabels']) ? sel['matchLabels'] : undefined;
	return labels && Object.keys(labels).length > 0 ? labels : undefined;
};

/**
 * describePeerAuthentication: the policies of the root and the pod's namespace that select the pod
 * (findMatchedConfigs), composed as authn.ComposePeerAuthentication does: the oldest mesh-wide,
 * namespace-wide and workload policy, each overriding the one before unless UNSET.
 */
export function printPeerAuthentication(
	all: readonly KubeObject[],
	rootNamespace: string,
	namespace: string,
	labels: Readonly<Record<string, string>>
): string {
	const inNs = (n: string) => all.filter((pa) => pa.metadata.namespace === n);
	const candidates =
		rootNamespace === namespace ? inNs(namespace) : [...inNs(rootNamespace), ...inNs(namespace)];
	const matched = candidates.filter((pa) => matchLabels(selectorOf(pa), labels));
	const oldest = (xs: KubeObject[]): KubeObject | undefined =>
		[...xs].sort((a, b) =>
			a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : 1
		)[0];
	const mesh = oldest(
		matched.filter((pa) => !selectorOf(pa) && pa.metadata.namespace === rootNamespace)
	);
	const nsWide = oldest(
		matched.filter((pa) => !selectorOf(pa) && pa.metadata.namespace !== rootNamespace)
	);
	const workload = oldest(
		matched.filter((pa) => selectorOf(pa) && pa.metadata.namespace !== rootNamespace)
	);
	let mode: Mode = 'PERMISSIVE';
	for (const pa of [mesh, nsWide, workload]) {
		const m = pa ? modeOf(specOf(pa)['mtls']) : 'UNSET';
		if (m !== 'UNSET') mode = m;
	}
	let out = `Effective PeerAuthentication:\n   Workload mTLS mode: ${mode}\n`;
	const perPort = workload && specOf(workload)['portLevelMtls'];
	if (isObj(perPort) && Object.keys(perPort).length > 0) {
		out += '   Port Level mTLS mode:\n';
		// describe.go ranges over a Go map here (order varies run to run); we print by port.
		for (const [port, v] of Object.entries(perPort).sort((a, b) => Number(a[0]) - Number(b[0]))) {
			const m = modeOf(v);
			out += `      ${port}: ${m === 'UNSET' ? mode : m}\n`;
		}
	}
	if (matched.length > 0)
		out += `Applied PeerAuthentication:\n   ${matched.map((pa) => `${pa.metadata.name}.${pa.metadata.namespace ?? ''}`).join(', ')}\n`;
	return out;
}
