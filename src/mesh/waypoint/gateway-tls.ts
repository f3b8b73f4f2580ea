/**
 * An ingress gateway's TLS termination (Envoy's DownstreamTlsContext from SDS): the key pairs of
 * the HTTPS listeners on one port, loaded once per PEM, and the filter chain a ClientHello's SNI
 * selects (Envoy's `server_names`: exact names before `*.` wildcards; `*` matches any name and
 * a hello without SNI). MUTUAL servers require a client certificate from their `caCert`.
 */
import { parsePemChain, type WorkloadCerts } from '../tls/certificate.ts';
import { isTlsError } from '../tls/errors.ts';
import type { ServerIdentity } from '../tls/handshake.ts';
import { importPrivateKeyPem } from '../tls/pem-key.ts';
import type { GatewayListener, TlsServerConfig } from '../xds/waypoint-config.ts';

/** A loaded server: what the handshake serves, for which names. */
export interface LoadedServer {
	readonly listener: GatewayListener;
	readonly config: TlsServerConfig;
	readonly serving: ServerIdentity;
}

const cache = new WeakMap<Crypto, Map<string, Promise<ServerIdentity | undefined>>>();
const CACHE_LIMIT = 256;

async function load(crypto: Crypto, c: TlsServerConfig): Promise<ServerIdentity | undefined> {
	const chain = parsePemChain(c.certChain);
	const key = await importPrivateKeyPem(crypto, c.privateKey);
	if (isTlsError(chain) || !key) return undefined;
	const identity: WorkloadCerts = { certChain: chain, privateKey: key };
	if (c.mode !== 'MUTUAL') return { identity };
	const roots = c.caCert !== undefined ? parsePemChain(c.caCert) : undefined;
	if (!roots || isTlsError(roots)) return undefined;
	return { identity, clientRoots: roots };
}

function loadCached(crypto: Crypto, c: TlsServerConfig): Promise<ServerIdentity | undefined> {
	let byPem = cache.get(crypto);
	if (!byPem) cache.set(crypto, (byPem = new Map()));
	const k = `${c.mode}\n${c.certChain}\n${c.privateKey}\n${c.caCert ?? ''}`;
	let hit = byPem.get(k);
	if (!hit) {
		if (byPem.size >= CACHE_LIMIT) byPem.clear();
		hit = load(crypto, c);
		byPem.set(k, hit);
	}
	return hit;
}

/** The servers of the HTTPS listeners on a port, loaded; a credential that fails to load is left out. */
export async function loadServers(
	crypto: Crypto,
	listeners: readonly GatewayListener[]
): Promise<LoadedServer[]> {
	const out: LoadedServer[] = [];
	for (const listener of listeners)
		for (const config of listener.tls ?? []) {
			const serving = await loadCached(crypto, config);
			if (serving) out.push({ listener, config, serving });
		}
	return out;
}

/** 0 exact, 1 wildcard, 2 `*`; undefined: no match. */
function rank(pattern: string, sni: string | undefined): number | undefined {
	const p = pattern.toLowerCase();
	if (p === '*') return 2;
	if (sni === undefined) return undefined;
	const name = sni.toLowerCase();
	if (p === name) return 0;
	if (p.startsWith('*.') && name.endsWith(p.slice(1)) && name.length > p.length - 1) return 1;
	return undefined;
}

/** The filter chain for `sni`: the most specific name wins, the first listed among equals. */
export function chooseServer(
	servers: readonly LoadedServer[],
	sni: string | undefined
): LoadedServer | undefined {
	let best: LoadedServer | undefined;
	let bestRank = 3;
	for (const s of servers)
		for (const h of s.config.hosts) {
			const r = rank(h, sni);
			if (r !== undefined && r < bestRank) {
				best = s;
				bestRank = r;
			}
		}
	return best;
}
