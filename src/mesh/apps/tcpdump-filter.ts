/**
 * tcpdump's filter expression (pcap-filter(7)), the subset the playground's packets can answer:
 * `host`, `port`, `src`/`dst` qualifiers, the protocols `ip` and `tcp` (every packet here is IPv4
 * TCP; `udp` matches none), `and`/`&&`, `or`/`||`, `not`/`!`, parentheses, and pcap's carried-over
 * qualifiers (`port 9080 or 15008`). Anything else is refused with a note, never ignored.
 */

/** One packet as a filter sees it. */
export interface FilterPacket {
	readonly src: { readonly ip: string; readonly port: number };
	readonly dst: { readonly ip: string; readonly port: number };
}

export type PacketFilter = (p: FilterPacket) => boolean;

/** libpcap's message for an expression it cannot parse. */
export const SYNTAX_ERROR = "tcpdump: can't parse filter expression: syntax error";

const SUPPORTED = 'host, port, src, dst, ip, tcp, udp, and, or, not';
const PROTOCOLS: Readonly<Record<string, PacketFilter>> = {
	ip: () => true,
	tcp: () => true,
	udp: () => false
};
/** pcap-filter primitives the playground does not run: refused by name. */
const UNSUPPORTED = new Set([
	'net',
	'portrange',
	'ether',
	'arp',
	'rarp',
	'icmp',
	'icmp6',
	'ip6',
	'sctp',
	'vlan',
	'gateway',
	'broadcast',
	'multicast',
	'less',
	'greater',
	'proto',
	'len',
	'inbound',
	'outbound'
]);

type Dir = 'src' | 'dst' | 'any';
type Kind = 'host' | 'port';

class Parser {
	#i = 0;
	/** The last primitive's qualifiers, for a bare value after and/or (pcap's abbreviation). */
	#last: { dir: Dir; kind: Kind } | undefined;

	constructor(private readonly tokens: readonly string[]) {}

	parse(): PacketFilter | string {
		const f = this.#or();
		if (typeof f === 'string') return f;
		return this.#i === this.tokens.length ? f : SYNTAX_ERROR;
	}

	#peek(): string | undefined {
		return this.tokens[this.#i];
	}

	/** pcap-filter: "Alternation and concatenation have equal precedence and associate left to right." */
	#or(): PacketFilter | string {
		let left = this.#not();
		for (;;) {
			const op = this.#peek();
			const and = op === 'and' || op === '&&';
			if (typeof left === 'string' || !(and || op === 'or' || op === '||')) return left;
			this.#i++;
			const right = this.#not();
			if (typeof right === 'string') return right;
			const l = left;
			left = and ? (p) => l(p) && right(p) : (p) => l(p) || right(p);
		}
	}

	#not(): PacketFilter | string {
		const t = this.#peek();
		if (t === 'not' || t === '!') {
			this.#i++;
			const inner = this.#not();
			return typeof inner === 'string' ? inner : (p) => !inner(p);
		}
		if (t === '(') {
			this.#i++;
			const inner = this.#or();
			if (typeof inner === 'string') return inner;
			if (this.#peek() !== ')') return SYNTAX_ERROR;
			this.#i++;
			return inner;
		}
		return this.#primitive();
	}

	#primitive(): PacketFilter | string {
		let t = this.#peek();
		if (t === undefined) return SYNTAX_ERROR;
		if (UNSUPPORTED.has(t))
			return `tcpdump: filter primitive "${t}" is not supported in the playground (supported: ${SUPPORTED})`;
		const proto = PROTOCOLS[t];
		if (proto) {
			this.#i++;
			// `tcp port 80`: a protocol qualifier before a primitive narrows it.
			const next = this.#peek();
			if (next === 'port' || next === 'host' || next === 'src' || next === 'dst') {
				const rest = this.#primitive();
				return typeof rest === 'string' ? rest : (p) => proto(p) && rest(p);
			}
			return proto;
		}
		let dir: Dir = 'any';
		if (t === 'src' || t === 'dst') {
			dir = t;
			this.#i++;
			t = this.#peek();
			if (t === 'or' || t === 'and') return SYNTAX_ERROR;
		}
		let kind: Kind | undefined;
		if (t === 'host' || t === 'port') {
			kind = t;
			this.#i++;
		}
		const value = this.#peek();
		if (value === undefined) return SYNTAX_ERROR;
		this.#i++;
		if (!kind) {
			// A bare value: the qualifiers of the primitive before it, else a host.
			kind = this.#last && dir === 'any' ? this.#last.kind : /^\d+$/.test(value) ? 'port' : 'host';
			if (this.#last && dir === 'any') dir = this.#last.dir;
		}
		this.#last = { dir, kind };
		return kind === 'port' ? portFilter(dir, value) : hostFilter(dir, value);
	}
}

function portFilter(dir: Dir, value: string): PacketFilter | string {
	if (!/^\d+$/.test(value)) return `tcpdump: '${value}' is not a valid port number or service name`;
	const port = Number(value);
	if (port > 65535) return `tcpdump: illegal port number ${port} > 65535`;
	return (p) => (dir !== 'dst' && p.src.port === port) || (dir !== 'src' && p.dst.port === port);
}

function hostFilter(dir: Dir, value: string): PacketFilter | string {
	if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(value))
		return /^[\w.-]+$/.test(value)
			? `tcpdump: host names are not resolved in the playground: give an address ("${value}")`
			: SYNTAX_ERROR;
	return (p) => (dir !== 'dst' && p.src.ip === value) || (dir !== 'src' && p.dst.ip === value);
}

/** Splits the expression as libpcap's lexer would: parentheses and `!` stand alone. */
function tokenize(expression: string): string[] {
	return expression
		.replace(/([()!])/g, ' $1 ')
		.replace(/&&/g, ' && ')
		.replace(/\|\|/g, ' || ')
		.split(/\s+/)
		.filter((t) => t !== '');
}

/** The filter for `expression` (empty: every packet), or the message tcpdump exits with. */
export function compileFilter(expression: string): PacketFilter | string {
	const tokens = tokenize(expression);
	if (tokens.length === 0) return () => true;
	return new Parser(tokens).parse();
}
