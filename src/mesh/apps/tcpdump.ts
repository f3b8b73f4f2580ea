/**
 * `tcpdump` in the nicolaka/netshoot image: what the pod's eth0 carries, read from the runtime's
 * capture journal (HostContext.capture) and printed as tcpdump prints it. Options are the ones
 * Istio's verify-mtls page uses: -n, -A, -i IFACE (eth0, or any), -c COUNT; the filter
 * expression is tcpdump-filter.ts's subset. An option the playground does not run is refused
 * with a note. It reads the journal as entries are recorded until COUNT packets were printed (or
 * forever, as tcpdump does, until the container is stopped).
 *
 * eth0 is the pod's side of the node's wire: a segment from or to the pod's address that is not
 * inside its namespace (an enrolled pod's legs to its ztunnel, a ztunnel's delivery to the app,
 * run over loopback in reality). A segment the network dropped shows on the sender's side only.
 */
import type { CaptureEntry } from '../net/capture.ts';
import type { ExecIO, HostContext } from '../runtime/host.ts';
import { compileFilter, type PacketFilter } from './tcpdump-filter.ts';
import { asciiPacket, TcpTracker } from './tcpdump-format.ts';

/** tcpdump's getopt string: options it has that the playground does not run get a note. */
const TCPDUMP_OPTIONS = 'aAbBcCdDeEfFgGhHiIjJKlLmMnNOpqQrRsStTuUvVwWxXyYzZ#';
const SUPPORTED = '-A, -c, -i, -n';

interface Options {
	readonly ascii: boolean;
	readonly iface: string;
	readonly count: number | undefined;
	readonly filter: PacketFilter;
}

/** getopt over "Ac:i:n" plus the filter words; a string is the message tcpdump exits 1 with. */
function parseArgs(args: readonly string[]): Options | string {
	let ascii = false;
	let iface = 'eth0';
	let count: number | undefined;
	const words: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i] ?? '';
		if (arg === '--') {
			words.push(...args.slice(i + 1));
			break;
		}
		if (!arg.startsWith('-') || arg === '-') {
			words.push(arg);
			continue;
		}
		for (let j = 1; j < arg.length; j++) {
			const c = arg[j] ?? '';
			if (c === 'n') continue;
			if (c === 'A') {
				ascii = true;
				continue;
			}
			if (c === 'i' || c === 'c') {
				const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
				if (value === undefined) return `tcpdump: option requires an argument -- '${c}'`;
				if (c === 'i') iface = value;
				else {
					if (!/^\d+$/.test(value) || Number(value) === 0)
						return `tcpdump: invalid packet count ${value}`;
					count = Number(value);
				}
				break;
			}
			if (TCPDUMP_OPTIONS.includes(c))
				return `tcpdump: option -${c} is not supported in the playground (supported: ${SUPPORTED})`;
			return `tcpdump: invalid option -- '${c}'`;
		}
	}
	if (iface !== 'eth0' && iface !== 'any')
		return `tcpdump: ${iface}: No such device exists\n(SIOCGIFHWADDR: No such device)`;
	const filter = compileFilter(words.join(' '));
	if (typeof filter === 'string') return filter;
	return { ascii, iface, count, filter };
}

/** Whether the pod's eth0 carried `e`, and when (sent from the pod, or arrived at it). */
function onEth0(e: CaptureEntry, self: string): number | undefined {
	if (e.redirected) return undefined;
	if (e.src.ip === self) return e.sent;
	if (e.dst.ip === self && !e.dropped) return e.at;
	return undefined;
}

function stats(io: ExecIO, captured: number): void {
	io.stderr(
		`${captured} packets captured\n${captured} packets received by filter\n0 packets dropped by kernel\n`
	);
}

export async function tcpdump(
	argv: readonly string[],
	io: ExecIO,
	ctx: HostContext
): Promise<number> {
	const o = parseArgs(argv.slice(1));
	if (typeof o === 'string') {
		io.stderr(`${o}\n`);
		return 1;
	}
	const read = ctx.capture?.bind(ctx);
	if (!read) {
		io.stderr('tcpdump: eth0: packet capture is not available in this runtime\n');
		return 1;
	}
	io.stderr('tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n');
	io.stderr(
		o.iface === 'any'
			? 'listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\n'
			: 'listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n'
	);
	const self = ctx.spec.ip;
	const tcp = new TcpTracker();
	// Start at the journal's end: tcpdump sees what crosses the interface from now on.
	let cursor = (await read(Number.MAX_SAFE_INTEGER, false)).next;
	let captured = 0;
	for (;;) {
		const { entries, next } = await read(cursor, true);
		cursor = next;
		const seen = entries
			.map((e) => ({ e, time: onEth0(e, self) }))
			.filter((x): x is { e: CaptureEntry; time: number } => x.time !== undefined)
			.filter((x) => o.filter(x.e))
			.sort((a, b) => a.time - b.time);
		for (const { e, time } of seen) {
			io.stdout(`${tcp.line(e, time)}\n${o.ascii ? `${asciiPacket(e)}\n` : ''}`);
			captured++;
			if (o.count !== undefined && captured >= o.count) {
				stats(io, captured);
				return 0;
			}
		}
	}
}
