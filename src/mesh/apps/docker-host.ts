/**
 * The learner's machine, where kind runs: the docker host, on kind's docker network as its
 * bridge gateway (172.18.0.1). Its `curl` is Arch Linux's curl 8.17.0 (the same curl code as the
 * pods', another build). It reaches the nodes' addresses (NodePorts, through kube-proxy's rules
 * there) and the simulated internet; pod and Service addresses are not routed to it (kind adds
 * no route for 10.244.0.0/16 or 10.96.0.0/16), so a connection there is lost and times out.
 */
import type { Resolver } from '../net/dns.ts';
import { coreDnsAnswer } from '../net/dns-server.ts';
import { EMPTY_TABLES } from '../net/tables.ts';
import { upstreamLookup } from '../net/internet.ts';
import { findService } from '../net/kube-proxy.ts';
import { installHook } from '../net/stack.ts';
import type { ContainerProgram } from '../runtime/host.ts';
import { ip, type IpAddr } from '../types.ts';
import { curlBinary } from './curl.ts';
import { withLocalForwards } from './local-forward.ts';
import type { CurlBuild } from './curl-report.ts';

/**
 * `curl -V` on Arch Linux (package curl 8.17.0-1): the first line as Arch's build prints it;
 * Protocols/Features follow from its configure flags (libssh2, nghttp2, nghttp3, GSS-API, no LDAP).
 */
export const ARCH_CURL: CurlBuild = {
	versionText: `curl 8.17.0 (x86_64-pc-linux-gnu) libcurl/8.17.0 OpenSSL/3.6.0 zlib/1.3.1 brotli/1.1.0 zstd/1.5.7 libidn2/2.3.8 libpsl/0.21.5 libssh2/1.11.1 nghttp2/1.68.0 nghttp3/1.13.1 mit-krb5/1.21.3
Release-Date: 2025-11-05
Protocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt pop3 pop3s rtsp scp sftp smb smbs smtp smtps telnet tftp ws wss
Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTP3 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd
`,
	ssl: 'OpenSSL/3.6.0',
	caBundle: '/etc/ssl/certs/ca-certificates.crt'
};

/** Where the host's packets for the cluster's inner ranges go: out its default route, lost. */
const NOWHERE = ip('192.0.2.254');
const INNER = [/^10\.244\./, /^10\.96\./];

/**
 * Where kind's docker network puts the nodes (the host itself is .1). Further up the network,
 * load-balancer addresses (MetalLB's) go out on the bridge: the other cluster may answer them.
 */
const KIND_NODES = /^172\.18\.0\./;

/**
 * The host's own resolver: `/etc/hosts` (localhost), then systemd-resolved's upstream, public
 * names only; the cluster's Service names are not in its DNS.
 */
const hostLookup = (name: string): IpAddr | undefined =>
	name === 'localhost' ? ip('127.0.0.1') : upstreamLookup(name);
const hostResolver: Resolver = {
	lookup: hostLookup,
	resolve: (name) => {
		const hit = hostLookup(name);
		return hit === undefined ? { type: 'not-found' } : { type: 'address', ip: hit };
	},
	// The upstream alone: no cluster records.
	query: (fqdn, qtype) => coreDnsAnswer(EMPTY_TABLES, fqdn, qtype)
};

const arch = curlBinary(ARCH_CURL);

/**
 * The local ports `kubectl port-forward` listens on, as the terminal says before each program
 * it runs here (`src/shell/curl`): kubectl is a process of this machine, its registry the shell's.
 */
export interface LoopbackListeners {
	readonly type: 'loopback-listeners';
	readonly ports: readonly number[];
}

function isLoopbackListeners(x: unknown): x is LoopbackListeners {
	const m = x as Partial<LoopbackListeners> | null;
	return typeof m === 'object' && m?.type === 'loopback-listeners' && Array.isArray(m.ports);
}

export function dockerHostProgram(): ContainerProgram {
	let forwarded: ReadonlySet<number> = new Set();
	return {
		control(message) {
			if (isLoopbackListeners(message)) forwarded = new Set(message.ports);
			return undefined;
		},
		async start(ctx) {
			installHook(ctx.net, {
				chain: 'DOCKER-HOST-ROUTES',
				output: (syn) => {
					if (INNER.some((r) => r.test(syn.dst.ip))) return { type: 'route', via: NOWHERE };
					// A node's address on a port no NodePort serves: its kernel answers RST.
					if (
						KIND_NODES.test(syn.dst.ip) &&
						syn.dst.ip !== syn.self &&
						!findService(syn.tables, syn.dst)
					)
						return { type: 'reject' };
					return undefined;
				}
			});
		},
		binaries: {
			// The same context, but the host's resolver instead of the cluster's, and kubectl's
			// port-forward listeners on the loopback.
			curl: (argv, io, ctx) =>
				arch(
					argv,
					io,
					Object.create(ctx, {
						dns: { value: hostResolver },
						net: { value: withLocalForwards(ctx, () => forwarded) }
					})
				)
		}
	};
}
