/**
 * istiod's debug endpoints on its monitoring port 15014, as pilot/pkg/xds/debug.go (1.30.3)
 * serves them: `/debug` (the HTML index), `/debug/list`, `/debug/syncz`, `/debug/connections`
 * and `/debug/config_dump?proxyID=`. Only these are registered: the rest of debug.go's mux
 * (registryz, configz, adsz, …) answers Go's 404 like any unknown path. JSON is compact, or
 * indented by four spaces with `?pretty` (writeJSON).
 */
import { parseQuery } from '../net/http/server.ts';
import { simDate } from '../tls/certificate.ts';
import type { SimMillis } from '../types.ts';
import { configFor } from './ads-push.ts';
import { type Connection, type DiscoveryServer } from './discovery-server.ts';
import {
	authorizationResource,
	serviceAddress,
	workloadAddress,
	type Json
} from './debug-resources.ts';
import { TYPE_URL } from './syncz.ts';

export interface DebugResponse {
	readonly status: number;
	readonly body: string;
	readonly contentType: string;
}

const JSON_TYPE = 'application/json';
const TEXT_TYPE = 'text/plain; charset=utf-8';

/** Go's http.NotFound, what the ServeMux answers for a path nothing is registered on. */
export const NOT_FOUND: DebugResponse = {
	status: 404,
	body: '404 page not found\n',
	contentType: TEXT_TYPE
};

/** debug.go addDebugHandler's path and help text, for the endpoints served here. */
export const DEBUG_HANDLERS: Readonly<Record<string, string>> = {
	'/debug/syncz': 'Synchronization status of all Envoys connected to this Pilot instance',
	'/debug/config_dump':
		'ConfigDump in the form of the Envoy admin config dump API for passed in proxyID',
	'/debug/connections': 'Info about the connected XDS clients',
	'/debug/list': 'List all supported debug commands in json'
};

/** Go's time.Time JSON (RFC 3339 with trailing zeros of the fraction dropped). */
function goTime(at: SimMillis): string {
	return simDate(at)
		.toISOString()
		.replace(/\.?0+Z$/, 'Z');
}

/** ads.go Connection.ID(): `<proxy id>-<counter>`. */
const connectionId = (c: Connection): string => `${c.proxyId ?? ''}-${c.id}`;

/** SortedClients: the subscribed connections, by connection id. */
function sortedClients(ds: DiscoveryServer | undefined): Connection[] {
	return [...(ds?.conns ?? [])]
		.filter((c) => c.proxyId !== undefined)
		.sort((a, b) => (connectionId(a) < connectionId(b) ? -1 : 1));
}

function writeJson(obj: unknown, query: ReadonlyMap<string, string>): DebugResponse {
	const body = query.has('pretty') ? JSON.stringify(obj, null, 4) : JSON.stringify(obj);
	return { status: 200, body, contentType: JSON_TYPE };
}

/** getDebugConnection + errorHandler: the proxy a request names, or the error it gets. */
function debugConnection(
	ds: DiscoveryServer | undefined,
	query: ReadonlyMap<string, string>
): Connection | DebugResponse {
	const proxyId = query.get('proxyID') ?? '';
	if (proxyId === '')
		return {
			status: 400,
			body: 'You must provide a proxyID in the query string\n',
			contentType: TEXT_TYPE
		};
	// getProxyConnection matches by substring of the connection id, first in sorted order.
	const con = sortedClients(ds).find((c) => connectionId(c).includes(proxyId));
	if (con) return con;
	return {
		status: 404,
		body: 'Proxy not connected to this Pilot instance. It may be connected to another instance.\n',
		contentType: TEXT_TYPE
	};
}

/** v3.GetResourceType for the short names a ztunnel's types go by. */
const SHORT_TYPES: Readonly<Record<string, string>> = { WDS: TYPE_URL.WDS, WADS: TYPE_URL.WADS };

/** ConfigDump: a ztunnel's Address (and, asked by `types=WADS`, Authorization) resources. */
function configDump(
	ds: DiscoveryServer | undefined,
	query: ReadonlyMap<string, string>
): DebugResponse {
	const con = debugConnection(ds, query);
	if ('status' in con || !ds) return 'status' in con ? con : NOT_FOUND;
	const ztunnel = con.gateway === undefined && !con.sidecar && !con.router;
	if (!ztunnel) {
		// Simplified: Envoy's listeners, clusters and routes are built by the proxy from what
		// istiod sends; istiod here does not render them as Envoy protos.
		return {
			status: 501,
			body: `config_dump for ${con.proxyId ?? ''} (an Envoy proxy) is not simulated by istiod; read the proxy's own with: istioctl proxy-config all ${con.proxyId ?? ''}\n`,
			contentType: TEXT_TYPE
		};
	}
	const types = (query.get('types') ?? '')
		.split(',')
		.filter((t) => t !== '')
		.map((t) => SHORT_TYPES[t] ?? t);
	// Without `types` a ztunnel's dump is its Address resources only (debug.go's IsZTunnel branch).
	const wanted = new Set(types.length > 0 ? types : [TYPE_URL.WDS]);
	const found = configFor(ds, con, con.node ?? '');
	const configs: Json[] = [];
	if (found && !('gateway' in found)) {
		if (wanted.has(TYPE_URL.WDS)) {
			configs.push(...found.workloads.map(workloadAddress));
			configs.push(...found.services.map(serviceAddress));
		}
		if (wanted.has(TYPE_URL.WADS)) configs.push(...found.policies.map(authorizationResource));
	}
	// admin.ConfigDump marshals `configs` and leaves it out when empty.
	return writeJson(configs.length > 0 ? { configs } : {}, query);
}

function connections(
	ds: DiscoveryServer | undefined,
	query: ReadonlyMap<string, string>
): DebugResponse {
	const clients = sortedClients(ds).map((c) => ({
		connectionId: connectionId(c),
		connectedAt: goTime(c.connectedAt),
		address: `${c.socket.remote.ip}:${c.socket.remote.port}`
	}));
	return writeJson(
		{ totalClients: clients.length, ...(clients.length > 0 ? { clients } : {}) },
		query
	);
}

/** debug.go indexTmpl, rendered for the endpoints served. */
function index(): DebugResponse {
	const rows = Object.keys(DEBUG_HANDLERS)
		.sort()
		.map(
			(k) =>
				`\n\t<tr>\n\t<td><a href='${k}'>${k}</a></td><td>${DEBUG_HANDLERS[k] ?? ''}</td>\n\t</tr>\n`
		)
		.join('');
	const body = `<html>
<head>
<title>Pilot Debug Console</title>
</head>
<body>
<br/>
<p style = "font-family:Arial,Helvetica,sans-serif;">
Note: Use <b>pretty</b> in query string (like <b>debug/configz?pretty</b>) to format the output.
</p>
<table id="endpoints">
<tr><th>Endpoint</th><th>Description</th></tr>
${rows}
</table>
<br/>
</body>
</html>
`;
	return { status: 200, body, contentType: 'text/html; charset=utf-8' };
}

/**
 * One request to the debug mux; undefined for a path it does not serve. Without `ds` (istiod
 * still creating its CA) the mux is already registered, with no proxy connected.
 */
export function handleDebug(
	ds: DiscoveryServer | undefined,
	path: string,
	rawQuery: string
): DebugResponse | undefined {
	const query = new Map<string, string>();
	// url.Values.Get: the first value of a repeated key.
	for (const [k, v] of parseQuery(rawQuery)) if (!query.has(k)) query.set(k, v);
	switch (path) {
		case '/debug':
			return index();
		case '/debug/list':
			return writeJson(
				Object.keys(DEBUG_HANDLERS)
					.map((k) => k.replace('/debug/', ''))
					.filter((k) => k !== 'list')
					.sort(),
				query
			);
		case '/debug/syncz':
			return writeJson(ds?.sync.syncz(query.get('namespace') ?? '') ?? [], query);
		case '/debug/connections':
			return connections(ds, query);
		case '/debug/config_dump':
			return configDump(ds, query);
		default:
			return undefined;
	}
}
