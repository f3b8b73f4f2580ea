/**
 * `kubectl port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT…`. Mirrors kubectl
 * pkg/cmd/portforward/portforward.go (service ports translated to the pod's target port, the pod
 * must be Running) and client-go tools/portforward (port parsing, `Forwarding from …` lines,
 * `Handling connection for …`). It registers the local ports in the cluster's port-forward
 * registry, where the playground's browser tab finds them, and blocks until Ctrl-C.
 */
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject, Pod, Service } from '../../mesh/api/objects.ts';
import { runningContainers } from '../../mesh/api/pod-containers.ts';
import { podHostId } from '../../mesh/cluster/pod-host-spec.ts';
import { SIM_EPOCH_MS } from '../../mesh/epoch.ts';
import { hashString } from '../../mesh/random.ts';
import type { ForwardResult } from '../../mesh/runtime/port-forward.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { portForwardsOf, type PortForward } from '../port-forward-registry.ts';
import { fail } from './apply.ts';
import { attachablePodFor } from './exec.ts';
import { str } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { parseVerbFlags, printApiError, type KubectlVerb } from './verb.ts';

const FLAGS = [
	{ name: 'address', type: 'string' },
	{ name: 'pod-running-timeout', type: 'string' }
] as const;

/** One `LOCAL:REMOTE` pair; `remote` may still be a port name until the pod is known. */
interface PortSpec {
	readonly local: number | undefined;
	readonly remote: string;
}

/** Go's strconv.ParseUint(s, 10, 16) errors. */
function parseUint16(s: string): number | string {
	if (!/^\d+$/.test(s)) return `strconv.ParseUint: parsing "${s}": invalid syntax`;
	const n = Number(s);
	return n > 65535 ? `strconv.ParseUint: parsing "${s}": value out of range` : n;
}

/** client-go portforward.parsePorts, before remote names are translated. */
export function parsePortSpec(spec: string): PortSpec | string {
	const parts = spec.split(':');
	if (parts.length > 2) return `invalid port format '${spec}'`;
	const [localText, remote] = parts.length === 1 ? [spec, spec] : (parts as [string, string]);
	let local: number | undefined;
	if (localText !== '') {
		const n = parseUint16(localText);
		if (typeof n === 'string') return `error parsing local port '${localText}': ${n}`;
		local = n === 0 ? undefined : n;
	}
	return { local, remote };
}

/** The pod's port behind a remote port: a service port's targetPort, or a named container port. */
function remotePort(
	spec: PortSpec,
	target: KubeObject,
	pod: Pod
): { local: number | undefined; remote: number } | string {
	const named = (name: string): number | undefined =>
		runningContainers(pod)
			.flatMap((c) => c.ports ?? [])
			.find((p) => p.name === name)?.containerPort;
	if (target.kind === 'Service') {
		const n = parseUint16(spec.remote);
		if (typeof n === 'string') return `strconv.Atoi: parsing "${spec.remote}": invalid syntax`;
		const svc = target as Service;
		const port = svc.spec.ports?.find((p) => p.port === n);
		if (!port) return `Service ${svc.metadata.name} does not have a service port ${n}`;
		const t = port.targetPort ?? port.port;
		const resolved = typeof t === 'number' ? t : /^\d+$/.test(t) ? Number(t) : named(t);
		if (resolved === undefined)
			return `Pod '${pod.metadata.name}' does not have a named port '${String(t)}'`;
		// The local port stays the one typed (the service port); only the remote side translates.
		return { local: spec.local, remote: resolved };
	}
	if (/^\d+$/.test(spec.remote)) {
		const n = parseUint16(spec.remote);
		if (typeof n === 'string') return `error parsing remote port '${spec.remote}': ${n}`;
		if (n === 0) return 'remote port must be > 0';
		return { local: spec.local, remote: n };
	}
	const byName = named(spec.remote);
	if (byName === undefined)
		return `Pod '${pod.metadata.name}' does not have a named port '${spec.remote}'`;
	return { local: spec.local, remote: byName };
}

/** klog's header: `E0101 00:00:05.000000   41234 portforward.go:424] `. */
function klogError(ctx: CommandContext): string {
	const d = new Date(SIM_EPOCH_MS + ctx.cluster.now());
	const p = (n: number, w = 2): string => String(n).padStart(w, '0');
	const micros = p(d.getUTCMilliseconds() * 1000, 6);
	return `E${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${micros}   41234 portforward.go:424] `;
}

/** A pod's sandbox id as containerd shows it: 64 hex digits, stable per pod. */
function sandboxId(pod: Pod): string {
	const seed = pod.metadata.uid ?? pod.metadata.name;
	let out = '';
	for (let i = 0; out.length < 64; i++)
		out += hashString(`${seed}/${i}`).toString(16).padStart(8, '0');
	return out.slice(0, 64);
}

/** kubelet's error when nothing listens on the pod's port, as kubectl logs it. */
function refusedError(ctx: CommandContext, pod: Pod, local: number, remote: number): string {
	const id = sandboxId(pod);
	const netns = `/var/run/netns/cni-${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
	return (
		klogError(ctx) +
		`"Unhandled Error" err="an error occurred forwarding ${local} -> ${remote}: error forwarding port ${remote} to pod ${id}, uid : failed to execute portforward in network namespace \\"${netns}\\": failed to connect to localhost:${remote} inside namespace \\"${id}\\", IPv4: dial tcp4 127.0.0.1:${remote}: connect: connection refused IPv6 dial tcp6 [::1]:${remote}: connect: connection refused "\n`
	);
}

/** The first free port from 38000 for `:REMOTE` (the kernel's pick, made deterministic). */
function freeLocalPort(taken: (port: number) => boolean): number {
	let port = 38000;
	while (taken(port)) port++;
	return port;
}

const addressLines = (address: string, local: number, remote: number): string[] =>
	address
		.split(',')
		.map((a) => a.trim())
		.flatMap((a) => (a === 'localhost' ? ['127.0.0.1', '[::1]'] : [a.includes(':') ? `[${a}]` : a]))
		.map((a) => `Forwarding from ${a}:${local} -> ${remote}\n`);

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseVerbFlags(io, 'port-forward', argv, FLAGS);
	if (typeof flags === 'number') return flags;

	// Complete
	const namespace = str(flags, 'namespace') || defaultNamespace(ctx.vfs);
	const address = str(flags, 'address') ?? 'localhost';
	const [ref, ...portArgs] = flags.positional;
	if (ref === undefined || portArgs.length === 0)
		return fail(
			io,
			"TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples"
		);
	const specs: PortSpec[] = [];
	for (const a of portArgs) {
		const spec = parsePortSpec(a);
		if (typeof spec === 'string') return fail(io, spec);
		specs.push(spec);
	}

	// Validate: the object, the pod behind it, and the pod's ports.
	const found = await attachablePodFor(ctx, ref, namespace);
	if (isApiError(found)) return printApiError(io, found);
	const pod = found.pod;
	const podNamespace = pod.metadata.namespace ?? namespace;
	const target = ref.includes('/') ? targetObject(ctx, ref, namespace) : pod;
	const ports: { local: number | undefined; remote: number }[] = [];
	for (const spec of specs) {
		const port = remotePort(spec, target ?? pod, pod);
		if (typeof port === 'string') return fail(io, port);
		ports.push(port);
	}
	const phase = pod.status?.phase ?? 'Pending';
	if (phase !== 'Running')
		return fail(io, `unable to forward port because pod is not running. Current status=${phase}`);

	// Run: listen on every local port, then block until Ctrl-C or the pod goes away.
	const registry = portForwardsOf(ctx.cluster);
	const added: PortForward[] = [];
	let lost = false;
	let wake = (): void => {};
	const stopped = new Promise<void>((resolve) => (wake = resolve));
	for (const port of ports) {
		const local = port.local ?? freeLocalPort((p) => registry.get(p) !== undefined);
		const forward: PortForward = {
			localPort: local,
			namespace: podNamespace,
			pod: pod.metadata.name,
			host: podHostId(podNamespace, pod.metadata.name),
			podPort: port.remote,
			onConnection: () => {
				io.stdout(`Handling connection for ${local}\n`);
				return (result: ForwardResult) => {
					if (result.type !== 'refused') return;
					io.stderr(refusedError(ctx, pod, local, port.remote));
					// Since kubectl 1.23 a failed forward ends the command.
					lost = true;
					wake();
				};
			}
		};
		if (!registry.add(forward)) {
			for (const f of added) registry.remove(f);
			io.stderr(
				`Unable to listen on port ${local}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${local}: bind: address already in use unable to create listener: Error listen tcp6 [::1]:${local}: bind: address already in use]\n`
			);
			return fail(
				io,
				`unable to listen on any of the requested ports: [{${local} ${port.remote}}]`
			);
		}
		added.push(forward);
		io.stdout(addressLines(address, local, port.remote).join(''));
	}

	const unwatch = ctx.cluster.api.watch((event) => {
		const o = event.object;
		if (event.type === 'DELETED' && o.kind === 'Pod' && o.metadata.name === pod.metadata.name) {
			if ((o.metadata.namespace ?? '') === podNamespace) {
				lost = true;
				wake();
			}
		}
	});
	const onAbort = (): void => wake();
	ctx.signal.addEventListener('abort', onAbort, { once: true });
	if (ctx.signal.aborted) wake();
	try {
		await stopped;
	} finally {
		ctx.signal.removeEventListener('abort', onAbort);
		unwatch();
		for (const f of added) registry.remove(f);
	}
	if (lost) return fail(io, 'lost connection to pod');
	return 0;
}

/** The object named by `TYPE/NAME` (a Service needs its ports); undefined if it vanished. */
function targetObject(ctx: CommandContext, ref: string, namespace: string): KubeObject | undefined {
	const [typed = '', name = ''] = ref.split('/');
	const type = ctx.cluster.api.resolve(typed.toLowerCase());
	if (!type) return undefined;
	const obj = ctx.cluster.api.get(type, type.namespaced ? namespace : undefined, name);
	return isApiError(obj) ? undefined : obj;
}

export const portForwardVerb: KubectlVerb = {
	name: 'port-forward',
	flags: FLAGS,
	summary: 'Forward one or more local ports to a pod',
	group: 'Troubleshooting and Debugging Commands',
	run
};
