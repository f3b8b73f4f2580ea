/**
 * `istioctl ztunnel-config connections` from a dump's `workloadState`: the open connections of
 * each pod a ztunnel serves. Mirrors istio 1.30.3 istioctl/pkg/writer/ztunnel/configdump
 * connections.go (PrintConnectionsSummary, PrintConnectionsDump) and api.go's WorkloadState:
 * sorted by namespace then name, addresses named after the service (hostname) or workload
 * (`name.namespace`) holding them unless `--raw`, an inbound row's REMOTE TARGET as ztunnel
 * recorded it.
 */
import { tabwrite } from '../../kubectl/printers/tabwriter.ts';
import { rawDump, type ZtunnelDump } from './summaries.ts';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const text = (o: Obj, k: string): string => (typeof o[k] === 'string' ? o[k] : '');

interface Conn {
	readonly src: string;
	readonly originalDst: string;
	readonly actualDst: string;
	readonly protocol: string;
}

/** api.go WorkloadState, as Go unmarshals it (absent strings empty, absent lists nil). */
interface WorkloadState {
	readonly state: string;
	readonly inbound: readonly Conn[] | null;
	readonly outbound: readonly Conn[] | null;
	readonly info: {
		readonly name: string;
		readonly namespace: string;
		readonly trustDomain: string;
		readonly serviceAccount: string;
	};
}

export interface ConnectionsFilter {
	readonly namespace?: string;
	readonly direction?: string;
	readonly raw?: boolean;
	/** A workload pod's name, or `name.namespace` (ConnectionsFilter.normalize). */
	readonly workload?: string;
}

function conns(x: unknown): Conn[] | null {
	if (!Array.isArray(x)) return null;
	return x.filter(isObj).map((c) => ({
		src: text(c, 'src'),
		originalDst: text(c, 'originalDst'),
		actualDst: text(c, 'actualDst'),
		protocol: text(c, 'protocol')
	}));
}

function states(dump: ZtunnelDump, f: ConnectionsFilter): WorkloadState[] {
	const full = isObj(dump.full) ? dump.full : {};
	const ws = isObj(full['workloadState']) ? full['workloadState'] : {};
	const all = Object.values(ws)
		.filter(isObj)
		.map((s): WorkloadState => {
			const c = isObj(s['connections']) ? s['connections'] : {};
			const i = isObj(s['info']) ? s['info'] : {};
			return {
				state: text(s, 'state'),
				inbound: conns(c['inbound']),
				outbound: conns(c['outbound']),
				info: {
					name: text(i, 'name'),
					namespace: text(i, 'namespace'),
					trustDomain: text(i, 'trustDomain'),
					serviceAccount: text(i, 'serviceAccount')
				}
			};
		});
	let namespace = f.namespace ?? '';
	let workload = f.workload ?? '';
	if (workload !== '' && namespace === '') {
		const dot = workload.indexOf('.');
		if (dot >= 0) [workload, namespace] = [workload.slice(0, dot), workload.slice(dot + 1)];
	}
	const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	return all
		.filter((s) => namespace === '' || s.info.namespace === namespace)
		.filter((s) => workload === '' || s.info.name.toLowerCase() === workload.toLowerCase())
		.sort((a, b) => cmp(a.info.namespace, b.info.namespace) || cmp(a.info.name, b.info.name));
}

/** net.SplitHostPort / JoinHostPort for the addresses ztunnel prints. */
function splitHostPort(addr: string): [string, string] {
	const m = /^\[(.*)\]:(\d+)$/.exec(addr) ?? /^([^:]*):(\d+)$/.exec(addr);
	return m ? [m[1] as string, m[2] as string] : ['', ''];
}
const joinHostPort = (host: string, port: string) =>
	host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

export function connectionsSummary(dump: ZtunnelDump, f: ConnectionsFilter): string {
	const names = new Map<string, string>();
	for (const s of dump.services) {
		const first = s.vips[0];
		const ip = first === undefined ? '' : first.slice(first.indexOf('/') + 1);
		names.set(ip === '' ? 'None' : ip, s.hostname);
	}
	const workloadNames = new Map<string, string>();
	for (const w of dump.workloads)
		workloadNames.set(w.workloadIps[0] || 'None', `${w.name}.${w.namespace}`);
	const lookup = (addr: string): string => {
		if (f.raw) return addr;
		const [ip, port] = splitHostPort(addr);
		const name = names.get(ip) ?? workloadNames.get(ip);
		return name === undefined ? addr : joinHostPort(name, port);
	};
	let out = 'WORKLOAD\tDIRECTION\tLOCAL\tREMOTE\tREMOTE TARGET\tPROTOCOL\n';
	for (const s of states(dump, { ...f, direction: undefined })) {
		const name = `${s.info.name}.${s.info.namespace}`;
		if (f.direction !== 'outbound')
			for (const c of s.inbound ?? [])
				out += `${name}\tInbound\t${lookup(c.actualDst)}\t${lookup(c.src)}\t${c.originalDst}\t${c.protocol}\n`;
		if (f.direction !== 'inbound')
			for (const c of s.outbound ?? [])
				out += `${name}\tOutbound\t${lookup(c.src)}\t${lookup(c.actualDst)}\t${lookup(c.originalDst)}\t${c.protocol}\n`;
	}
	return tabwrite(out, { minwidth: 0, padding: 1 });
}

/** PrintConnectionsDump: the filtered WorkloadStates as Go marshals them (`omitempty` state). */
export function connectionsDump(
	dump: ZtunnelDump,
	f: ConnectionsFilter,
	format: 'json' | 'yaml'
): string {
	const list = states(dump, f).map((s) => ({
		...(s.state ? { state: s.state } : {}),
		connections: { inbound: s.inbound, outbound: s.outbound },
		info: s.info
	}));
	return rawDump(list, format);
}
