/**
 * busybox's `nc` (networking/nc_bloaty.c, nc 1.10 compatible, as Alpine builds it), connecting
 * out only: `nc [-nvz] [-w SEC] HOST PORT`. stdin goes to the peer and, at its end, the socket is
 * half-closed (`shutdown(SHUT_WR)`: busybox does, nc 1.10 did not); what the peer sends goes to
 * stdout until it closes. A reset ends the transfer silently, as a failed connect does (exit 1)
 * unless `-v` asks to hear about it. Listening and the other options are refused with a note.
 */
import { wait } from '../clock.ts';
import { RESOLVER_TIMEOUT } from '../net/dns.ts';
import { fromUtf8, utf8 } from '../net/http/message.ts';
import { isConnectError, type ConnectError } from '../net/socket.ts';
import type { Binary } from '../runtime/host.ts';
import { ms, type IpAddr } from '../types.ts';

const USAGE =
	'Usage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n';

/** getopt32's "np:s:uvw:lki:o:z": letters, and which of them take a value. */
const FLAGS = 'nuvlkz';
const WITH_VALUE = 'w';
const NOT_SIMULATED: Readonly<Record<string, string>> = {
	l: 'listen mode (-l)',
	k: 'listen mode (-k)',
	u: 'UDP (-u)',
	p: 'a local port (-p)',
	s: 'a local address (-s)',
	i: 'line intervals (-i)',
	o: 'hex dumps (-o)',
	e: 'running a program (-e)'
};

interface NcOptions {
	readonly verbose: number;
	readonly zero: boolean;
	readonly wait?: number;
	readonly operands: readonly string[];
}

type Parsed = NcOptions | { readonly error: string };

function parse(argv: readonly string[]): Parsed {
	let verbose = 0;
	let zero = false;
	let wait: number | undefined;
	const operands: string[] = [];
	for (let i = 1; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		if (arg === '-e') return { error: refused('e') };
		if (!arg.startsWith('-') || arg === '-') {
			operands.push(arg);
			continue;
		}
		for (let j = 1; j < arg.length; j++) {
			const c = arg[j] ?? '';
			if (NOT_SIMULATED[c]) return { error: refused(c) };
			if (FLAGS.includes(c)) {
				if (c === 'v') verbose++;
				if (c === 'z') zero = true;
				continue;
			}
			if (WITH_VALUE.includes(c)) {
				const value = j + 1 < arg.length ? arg.slice(j + 1) : argv[++i];
				if (value === undefined)
					return { error: `nc: option requires an argument -- '${c}'\n${USAGE}` };
				// -w N: xatou, so anything but a number is busybox's "invalid number".
				if (!/^\d+$/.test(value)) return { error: `nc: invalid number '${value}'\n` };
				wait = Number(value);
				break;
			}
			return { error: `nc: invalid option -- '${c}'\n${USAGE}` };
		}
	}
	if (operands.length > 2) return { error: USAGE };
	return { verbose, zero, operands, ...(wait !== undefined ? { wait } : {}) };
}

const refused = (c: string): string =>
	`nc: ${NOT_SIMULATED[c] ?? `-${c}`} is not simulated: the playground's nc only connects out\n`;

/** libbb's bb_lookup_port: a number up to 65535, else 0 (which no server listens on). */
function lookupPort(text: string | undefined): number {
	if (text === undefined || !/^\d+$/.test(text)) return 0;
	const n = Number(text);
	return n > 65535 ? 0 : n;
}

const strerror = (e: ConnectError): string =>
	e.type === 'refused'
		? 'Connection refused'
		: e.type === 'timeout'
			? 'Connection timed out'
			: 'No route to host';

export const nc: Binary = async (argv, io, ctx) => {
	const opts = parse(argv);
	if ('error' in opts) {
		io.stderr(opts.error);
		return 1;
	}
	const [host, portText] = opts.operands;
	if (host === undefined) {
		io.stderr(USAGE);
		return 1;
	}
	const answer = ctx.dns.resolve(host);
	if (answer.type !== 'address') {
		// getaddrinfo returns only after musl's resolver gave up on a silent nameserver.
		if (answer.type === 'no-server') await wait(ctx.clock, RESOLVER_TIMEOUT);
		io.stderr(`nc: bad address '${host}'\n`);
		return 1;
	}
	const ip: IpAddr = answer.ip;
	const port = lookupPort(portText);
	const dotted = `${ip}:${port}`;
	const socket = await ctx.net.connect(
		{ ip, port },
		opts.wait ? { timeout: ms(opts.wait * 1000) } : undefined
	);
	if (isConnectError(socket)) {
		// "if we're scanning at a one -v verbosity level, don't print refusals".
		if (opts.verbose > 1 || (opts.verbose > 0 && socket.type !== 'refused'))
			io.stderr(`nc: ${host} (${dotted}): ${strerror(socket)}\n`);
		return 1;
	}
	if (opts.verbose > 0) io.stderr(`${host} (${dotted}) open\n`);
	if (opts.zero) {
		socket.end();
		return 0;
	}
	if (io.stdin) socket.write(utf8(io.stdin));
	socket.end();
	let out = '';
	for (;;) {
		const r = await socket.read();
		if (r.type !== 'data') break;
		out += fromUtf8(r.bytes);
	}
	io.stdout(out);
	return 0;
};
