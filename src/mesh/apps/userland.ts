/**
 * The ordinary programs of an image's userland for `kubectl exec`: `echo`, `cat`, `ls` and
 * the shell, with busybox's or GNU coreutils' wording, over the few files kubelet and the runtime
 * put in every container. A shell script (`sh -c "…"`) is interpreted on the shell side with
 * each program run here; the `sh` binary itself only answers that probe (`sh -c ''`).
 */
import type { Binary, HostContext } from '../runtime/host.ts';
import type { BaseImage } from './base-image.ts';
import { CLUSTER_DNS_IP } from '../net/dns.ts';
import { nc } from './nc.ts';
import { nslookup } from './nslookup.ts';

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Files every container has, as kubelet and the runtime write them on a kind cluster. */
function podFiles(ctx: HostContext): Map<string, string> {
	const { name, namespace, ip } = ctx.spec;
	const files = new Map([
		['/etc/hostname', `${name}\n`],
		[
			'/etc/hosts',
			'# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' +
				'fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n' +
				`${ip}\t${name}\n`
		],
		[
			'/etc/resolv.conf',
			`search ${namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${CLUSTER_DNS_IP}\noptions ndots:5\n`
		]
	]);
	// The kube-api-access volume, as kubelet last wrote it (cluster/configmap-volumes.ts).
	for (const leaf of ['ca.crt', 'namespace']) {
		const text = ctx.readFile(`${SERVICE_ACCOUNT}/${leaf}`);
		if (text !== undefined) files.set(`${SERVICE_ACCOUNT}/${leaf}`, text);
	}
	return files;
}

/** The root directory as each base lays it out (FHS; Alpine has no /boot or /lib64). */
const ROOT: Record<Exclude<BaseImage, 'distroless'>, string[]> = {
	busybox: 'bin dev etc home lib media mnt opt proc root run sbin srv sys tmp usr var'.split(' '),
	gnu: 'bin boot dev etc home lib lib64 media mnt opt proc root run sbin srv sys tmp usr var'.split(
		' '
	)
};

const absolute = (path: string): string =>
	(
		'/' +
		path
			.split('/')
			.filter((p) => p && p !== '.')
			.join('/')
	).replace(/^\/\//, '/');

/** Entries of a directory: the files above under it, and the root's standard layout. */
function listing(files: Map<string, string>, dir: string, base: keyof typeof ROOT): string[] {
	const entries = new Set<string>(dir === '/' ? ROOT[base] : []);
	const prefix = dir === '/' ? '/' : dir + '/';
	for (const path of files.keys()) {
		if (path.startsWith(prefix)) entries.add(path.slice(prefix.length).split('/')[0] as string);
	}
	return [...entries].sort();
}

export function userland(base: BaseImage): Record<string, Binary> {
	if (base === 'distroless') return {};
	const busybox = base === 'busybox';

	const echo: Binary = async (argv, io) => {
		let args = argv.slice(1);
		let newline = true;
		let escapes = false;
		while (args[0] && /^-[neE]+$/.test(args[0])) {
			if (args[0].includes('n')) newline = false;
			if (args[0].includes('e')) escapes = true;
			args = args.slice(1);
		}
		let text = args.join(' ');
		if (escapes) text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
		io.stdout(text + (newline ? '\n' : ''));
		return 0;
	};

	const cat: Binary = async (argv, io, ctx) => {
		const files = podFiles(ctx);
		const paths = argv.slice(1).filter((a) => a !== '--');
		if (paths.length === 0 || paths.every((p) => p === '-')) {
			io.stdout(io.stdin);
			return 0;
		}
		let code = 0;
		for (const p of paths) {
			if (p === '-') {
				io.stdout(io.stdin);
				continue;
			}
			const path = absolute(p);
			const text = files.get(path);
			if (text !== undefined) {
				io.stdout(text);
				continue;
			}
			const isDir = path === '/' || [...files.keys()].some((f) => f.startsWith(path + '/'));
			const why = isDir ? 'Is a directory' : 'No such file or directory';
			if (busybox)
				io.stderr(isDir ? `cat: read error: ${why}\n` : `cat: can't open '${p}': ${why}\n`);
			else io.stderr(`cat: ${p}: ${why}\n`);
			code = 1;
		}
		return code;
	};

	const ls: Binary = async (argv, io, ctx) => {
		const files = podFiles(ctx);
		const paths = argv.slice(1).filter((a) => !a.startsWith('-'));
		let code = 0;
		const out: string[] = [];
		for (const p of paths.length > 0 ? paths : ['.']) {
			const path = absolute(p);
			// `.` is the image's WORKDIR, which holds none of the modelled files: it lists empty.
			if (p === '.' || files.has(path)) {
				if (p !== '.') out.push(`${p}\n`);
				continue;
			}
			const entries = listing(files, path, base);
			if (entries.length === 0) {
				io.stderr(
					busybox
						? `ls: ${p}: No such file or directory\n`
						: `ls: cannot access '${p}': No such file or directory\n`
				);
				code = busybox ? 1 : 2;
				continue;
			}
			// Not a terminal (kubectl exec without -t): one name per line, as ls does into a pipe.
			const body = entries.map((e) => e + '\n').join('');
			out.push(paths.length > 1 ? `${p}:\n${body}` : body);
		}
		io.stdout(out.join(paths.length > 1 ? '\n' : ''));
		return code;
	};

	const sh: Binary = async (argv, io) => {
		if (argv[1] === '-c' && (argv[2] ?? '').trim() === '') return 0;
		io.stderr(`${argv[0]}: run scripts with kubectl exec … -- sh -c "…"\n`);
		return 2;
	};

	const shells: Record<string, Binary> = busybox ? { sh, ash: sh } : { sh, dash: sh, bash: sh };
	// busybox carries nc and nslookup (Alpine's build); Debian's slim images have neither.
	return { echo, cat, ls, ...shells, ...(busybox ? { nc, nslookup } : {}) };
}
