/**
 * `ss` (iproute2) in the nicolaka/netshoot image: the TCP and UDP sockets of the pod's network
 * namespace, as Istio's traffic-redirection page runs it (`ss -ntlp` in an ambient pod shows
 * ztunnel's in-pod listeners 15001, 15006, 15008 and its DNS proxy on 15053). The table is the
 * stack's (net/stack.ts `socketTable`): the pod's own listeners and connections, and the
 * sockets a rule says ztunnel holds in the namespace. Options: -t -u -l -a -n -p -4 -6 (and their
 * long names); socket filters and other socket types are refused with a note. `-p` shows no
 * process: a debug container does not share the app's process namespace (as without --target).
 */
import type { SocketAddr } from '../types.ts';
import { socketTable } from '../net/stack.ts';
import type { Binary, ExecIO } from '../runtime/host.ts';

interface Options {
	tcp: boolean;
	udp: boolean;
	listening: boolean;
	all: boolean;
	numeric: boolean;
	processes: boolean;
	ipv4: boolean;
	ipv6: boolean;
}

const LONG: Readonly<Record<string, keyof Options>> = {
	'--tcp': 'tcp',
	'--udp': 'udp',
	'--listening': 'listening',
	'--all': 'all',
	'--numeric': 'numeric',
	'--processes': 'processes',
	'--ipv4': 'ipv4',
	'--ipv6': 'ipv6'
};
const SHORT: Readonly<Record<string, keyof Options>> = {
	t: 'tcp',
	u: 'udp',
	l: 'listening',
	a: 'all',
	n: 'numeric',
	p: 'processes',
	'4': 'ipv4',
	'6': 'ipv6'
};
/** iproute2's other options: real, but not run here. */
const OTHER_SHORT = 'hVHONroembiKsEZzNxwSM0fAD';

const usage = (io: ExecIO, first: string): number => {
	io.stderr(`${first}\nUsage: ss [ OPTIONS ]\n       ss [ OPTIONS ] [ FILTER ]\n`);
	return 255;
};

function parse(argv: readonly string[], io: ExecIO): Options | number {
	const o: Options = {
		tcp: false,
		udp: false,
		listening: false,
		all: false,
		numeric: false,
		processes: false,
		ipv4: false,
		ipv6: false
	};
	for (const arg of argv.slice(1)) {
		const long = LONG[arg];
		if (long) o[long] = true;
		else if (arg.startsWith('--')) return usage(io, `ss: unrecognized option '${arg}'`);
		else if (arg.startsWith('-') && arg.length > 1) {
			for (const ch of arg.slice(1)) {
				const key = SHORT[ch];
				if (key) o[key] = true;
				else if (OTHER_SHORT.includes(ch)) {
					io.stderr(
						`ss: -${ch} is not simulated in the playground (it runs -t -u -l -a -n -p -4 -6)\n`
					);
					return 255;
				} else return usage(io, `ss: invalid option -- '${ch}'`);
			}
		} else {
			io.stderr(
				`ss: socket filters ("${argv.slice(argv.indexOf(arg)).join(' ')}") are not simulated in the playground; pipe to grep instead\n`
			);
			return 255;
		}
	}
	// Without -t/-u ss lists every socket type; a container here has only TCP and UDP ones.
	if (!o.tcp && !o.udp) o.tcp = o.udp = true;
	return o;
}

interface Row {
	readonly netid: string;
	readonly state: string;
	readonly sendQ: number;
	readonly local: readonly [string, string];
	readonly peer: readonly [string, string];
}

/** /etc/services names ss prints without -n. */
const SERVICES: Readonly<Record<number, string>> = {
	53: 'domain',
	80: 'http',
	443: 'https',
	8080: 'http-alt'
};

const portText = (port: number, numeric: boolean): string =>
	numeric ? String(port) : (SERVICES[port] ?? String(port));

/** The peer of a listener: `0.0.0.0:*`, `[::]:*` or `*:*`. */
const anyPeer = (address: string): string =>
	address === '*' ? '*' : address.startsWith('[') ? '[::]' : '0.0.0.0';

const isV6 = (address: string): boolean => address.startsWith('[');

function rows(o: Options, table: NonNullable<ReturnType<typeof socketTable>>): Row[] {
	const out: Row[] = [];
	const family = (address: string) =>
		(!o.ipv4 && !o.ipv6) || (o.ipv4 && !isV6(address)) || (o.ipv6 && isV6(address));
	const showListening = o.listening || o.all;
	const showOpen = !o.listening || o.all;
	if (showListening) {
		for (const l of table.listening) {
			if (!(l.protocol === 'tcp' ? o.tcp : o.udp) || !family(l.address)) continue;
			out.push({
				netid: l.protocol,
				state: l.protocol === 'tcp' ? 'LISTEN' : 'UNCONN',
				sendQ: l.backlog,
				local: [l.address, portText(l.port, o.numeric)],
				peer: [anyPeer(l.address), '*']
			});
		}
	}
	if (showOpen && o.tcp && !o.ipv6) {
		const addr = (a: SocketAddr): readonly [string, string] => [a.ip, portText(a.port, o.numeric)];
		for (const c of table.established) {
			out.push({
				netid: 'tcp',
				state: 'ESTAB',
				sendQ: 0,
				local: addr(c.local),
				peer: addr(c.remote)
			});
		}
	}
	return out;
}

/** ss's columns: Local/Peer addresses right-aligned up to the colon, ports left-aligned. */
function render(list: readonly Row[], o: Options): string {
	const showNetid = o.tcp && o.udp;
	const width = (values: string[], min: number) => Math.max(min, ...values.map((v) => v.length));
	const lw = width(
		list.map((r) => r.local[0]),
		'Local Address'.length
	);
	const lp = width(
		list.map((r) => r.local[1]),
		'Port'.length
	);
	const pw = width(
		list.map((r) => r.peer[0]),
		'Peer Address'.length
	);
	const pp = width(
		list.map((r) => r.peer[1]),
		'Port'.length
	);
	const netid = (s: string) => (showNetid ? `${s.padEnd(5)} ` : '');
	const line = (cells: string[]) => cells.join('').replace(/\s+$/, '');
	const header = line([
		netid('Netid'),
		'State  Recv-Q Send-Q ',
		`${'Local Address'.padStart(lw)}:${'Port'.padEnd(lp)} `,
		`${'Peer Address'.padStart(pw)}:${'Port'.padEnd(pp)}`,
		o.processes ? 'Process' : ''
	]);
	const body = list.map((r) =>
		line([
			netid(r.netid),
			`${r.state.padEnd(6)} ${'0'.padEnd(6)} ${String(r.sendQ).padEnd(6)} `,
			`${r.local[0].padStart(lw)}:${r.local[1].padEnd(lp)} `,
			`${r.peer[0].padStart(pw)}:${r.peer[1].padEnd(pp)}`
		])
	);
	return [header, ...body].map((l) => `${l}\n`).join('');
}

export const ss: Binary = async (argv, io, ctx) => {
	const o = parse(argv, io);
	if (typeof o === 'number') return o;
	const table = socketTable(ctx.net);
	if (!table) {
		io.stderr('Cannot open netlink socket: Protocol not supported\n');
		return 1;
	}
	io.stdout(render(rows(o, table), o));
	return 0;
};
