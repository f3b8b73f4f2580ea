/**
 * busybox's `nslookup` (networking/nslookup.c, the LEDE/OpenWrt implementation Alpine builds
 * with FEATURE_NSLOOKUP_BIG): it sends every query at once to resolv.conf's nameserver, A then
 * AAAA for the name under each search domain when it has no dot (no search at all when it has
 * one), and prints each reply as it comes: `** server can't find NAME: NXDOMAIN`, or the records,
 * an empty line after each. Any NXDOMAIN makes the exit status 1, even when another search
 * domain found the name, so `nslookup productpage` in a pod prints four misses and fails; an
 * address argument is a PTR query. -debug and the record types the playground's DNS does not
 * serve (SOA, NS, MX, TXT, SRV, CNAME, ANY) are refused with a note.
 */
import { wait } from '../clock.ts';
import { CLUSTER_DNS_IP, searchList } from '../net/dns.ts';
import type { DnsReply, QueryType } from '../net/dns-server.ts';
import type { Binary, ExecIO } from '../runtime/host.ts';
import { ms } from '../types.ts';

const USAGE =
	'Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\n' +
	'QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n';

const QTYPES = ['soa', 'ns', 'a', 'aaaa', 'cname', 'mx', 'txt', 'srv', 'ptr', 'any'];
const SERVED: Readonly<Record<string, QueryType>> = { a: 'A', aaaa: 'AAAA', ptr: 'PTR' };
/** index_in_substrings: exact option names only. */
const OPTIONS = ['type', 'querytype', 'port', 'retry', 'debug', 't', 'timeout'];

interface Query {
	readonly name: string;
	readonly type: QueryType;
}

interface Options {
	readonly types: readonly QueryType[];
	readonly timeoutSec: number;
	readonly retry: number;
	readonly host: string;
	readonly server?: string;
}

function usage(io: ExecIO): number {
	io.stderr(USAGE);
	return 1;
}

function parse(argv: readonly string[], io: ExecIO): Options | number {
	const types: QueryType[] = [];
	// G.default_timeout and G.default_retry: busybox reads no options from resolv.conf.
	let timeoutSec = 5;
	let retry = 2;
	let i = 1;
	for (; i < argv.length && (argv[i] ?? '').startsWith('-'); i++) {
		const text = (argv[i] ?? '').slice(1);
		const eq = text.indexOf('=');
		const [name, value] = eq < 0 ? [text, ''] : [text.slice(0, eq), text.slice(eq + 1)];
		if (!OPTIONS.includes(name)) return usage(io);
		if (name === 'type' || name === 'querytype') {
			const t = value.toLowerCase();
			if (!QTYPES.includes(t)) {
				io.stderr(`nslookup: invalid query type "${value}"\n`);
				return 1;
			}
			const served = SERVED[t];
			if (served === undefined) {
				io.stderr(
					`nslookup: -type=${value}: the playground's DNS serves A, AAAA and PTR records only\n`
				);
				return 1;
			}
			if (!types.includes(served)) types.push(served);
		} else if (name === 'debug') {
			io.stderr('nslookup: -debug is not simulated\n');
			return 1;
		} else {
			const n = /^\d+$/.test(value) ? Number(value) : NaN;
			if (!(n >= 1)) {
				io.stderr(`nslookup: invalid number '${value}'\n`);
				return 1;
			}
			if (name === 'retry') retry = n;
			else if (name === 't' || name === 'timeout') timeoutSec = n;
			else if (n !== 53) {
				io.stderr('nslookup: -port: kube-dns serves port 53 only in the playground\n');
				return 1;
			}
		}
	}
	const [host, server, extra] = argv.slice(i);
	if (host === undefined || extra !== undefined) return usage(io);
	// qtypes[] order: SOA NS A AAAA … PTR, whatever order the options came in.
	const order: QueryType[] = ['A', 'AAAA', 'PTR'];
	types.sort((a, b) => order.indexOf(a) - order.indexOf(b));
	return { types, timeoutSec, retry, host, ...(server !== undefined ? { server } : {}) };
}

/** `10.96.0.10` → `10.0.96.10.in-addr.arpa` (make_ptr); undefined for a name. */
function makePtr(host: string): string | undefined {
	const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	return m ? `${m[4]}.${m[3]}.${m[2]}.${m[1]}.in-addr.arpa` : undefined;
}

/** add_query_with_search: the search domains only for a name without a dot. */
function withSearch(type: QueryType, name: string, search: readonly string[]): Query[] {
	if (type === 'PTR' || name.includes('.')) return [{ name, type }];
	return search.map((domain) => ({ name: `${name}.${domain}`, type }));
}

function queriesFor(o: Options, search: readonly string[]): Query[] {
	if (o.types.length === 0) {
		const ptr = makePtr(o.host);
		if (ptr !== undefined) return [{ name: ptr, type: 'PTR' }];
		return [...withSearch('A', o.host, search), ...withSearch('AAAA', o.host, search)];
	}
	return o.types.flatMap((t) => withSearch(t, o.host, search));
}

/** parse_reply, plus the empty line send_queries prints after every reply. */
function printReply(q: Query, r: Extract<DnsReply, { type: 'reply' }>): string {
	if (r.rcode !== 'NOERROR') return `** server can't find ${q.name}: ${r.rcode}\n\n`;
	let out = r.authoritative ? '' : 'Non-authoritative answer:\n';
	for (const rec of r.answers) {
		if (rec.type === 'A') out += `Name:\t${rec.name}\nAddress: ${rec.data}\n`;
		else if (rec.type === 'CNAME') out += `${rec.name}\tcanonical name = ${rec.data}\n`;
		else out += `${rec.name}\tname = ${rec.data}\n`;
	}
	return out + '\n';
}

export const nslookup: Binary = async (argv, io, ctx) => {
	const o = parse(argv, io);
	if (typeof o === 'number') return o;
	if (o.server !== undefined && o.server !== CLUSTER_DNS_IP) {
		io.stderr(
			`nslookup: ${o.server}: the playground's pods query kube-dns (${CLUSTER_DNS_IP}) only\n`
		);
		return 1;
	}
	const queries = queriesFor(o, searchList(ctx.spec.namespace));
	// res_mkquery drops a trailing dot; the messages keep the name as typed.
	const replies = queries.map((q) => ctx.dns.query(q.name.replace(/\.$/, ''), q.type));
	const timeout = o.timeoutSec * 1000;
	const interval = timeout / o.retry;

	let out = '';
	let exitCode = 0;
	let answered = 0;
	queries.forEach((q, n) => {
		const r = replies[n];
		if (r?.type !== 'reply') return;
		if (answered++ === 0) out += `Server:\t\t${CLUSTER_DNS_IP}\nAddress:\t${CLUSTER_DNS_IP}:53\n\n`;
		out += printReply(q, r);
		if (r.rcode !== 'NOERROR') exitCode = 1;
	});
	io.stdout(out);
	if (answered === queries.length) return exitCode;

	// The rest went unanswered: send_queries resends every retry interval until the timeout.
	// kube-proxy's REJECT comes back as ICMP to this connected socket: read() fails once a round.
	const refused = replies.some((r) => r?.type === 'no-server' && r.refused);
	for (let round = 0; round < o.retry; round++) {
		if (refused) io.stderr('nslookup: read: Connection refused\n');
		await wait(ctx.clock, ms(interval));
	}
	if (answered === 0) {
		io.stdout(';; connection timed out; no servers could be reached\n\n');
		return 1;
	}
	io.stdout(
		queries
			.filter((_, n) => replies[n]?.type !== 'reply')
			.map((q) => `*** Can't find ${q.name}: No answer\n`)
			.join('') + '\n'
	);
	return exitCode;
};
