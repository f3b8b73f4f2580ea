/**
 * istioctl dashboard's port-forward (istioctl/pkg/dashboard/dashboard.go portForward and
 * openBrowser, pkg/kube/portforwarder.go): listen on `--port`, else on the addon's own port
 * (`--ui-port`, 20001 for Kiali) or, when that is taken, on a free one; print the dashboard's URL
 * (`http://localhost:20001/kiali`); then block until Ctrl-C. Connections go to the pod as
 * `kubectl port-forward`'s do (the cluster's port-forward registry, where the page's browser tab
 * finds them); client-go's per-connection lines are discarded, as istioctl discards them.
 */
import type { Pod } from '../../mesh/api/objects.ts';
import { podHostId } from '../../mesh/cluster/pod-host-spec.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { portForwardsOf, type PortForward } from '../port-forward-registry.ts';
import { fail } from './common.ts';

export interface DashboardForward {
	readonly pod: Pod;
	/** The URL's path after the address: `/kiali` for Kiali, '' for the others. */
	readonly path: string;
	readonly remotePort: number;
	/** `--port`; 0 when not given. */
	readonly listenPort: number;
	/** `--address` (default `localhost`). */
	readonly address: string;
	/** `--browser` (default true). */
	readonly browser: boolean;
}

/** The first free port from 38000, standing in for the kernel's pick of port 0. */
function freePort(taken: (port: number) => boolean): number {
	let port = 38000;
	while (taken(port)) port++;
	return port;
}

/** Go's net.JoinHostPort. */
const joinHostPort = (host: string, port: number): string =>
	host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

export async function forwardDashboard(
	d: DashboardForward,
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const registry = portForwardsOf(ctx.cluster);
	const namespace = d.pod.metadata.namespace ?? 'default';
	const prefs = d.listenPort !== 0 ? [d.listenPort] : [d.remotePort, 0];
	let forward: PortForward | undefined;
	let lastError = '';
	for (const pref of prefs) {
		const local = pref === 0 ? freePort((p) => registry.get(p) !== undefined) : pref;
		const candidate: PortForward = {
			localPort: local,
			namespace,
			pod: d.pod.metadata.name,
			host: podHostId(namespace, d.pod.metadata.name),
			podPort: d.remotePort,
			...(d.path ? { path: d.path } : {}),
			onConnection: () => () => {}
		};
		if (registry.add(candidate)) {
			forward = candidate;
			break;
		}
		lastError = `failure running port forward process: port forward: unable to listen on any of the requested ports: [{${local} ${d.remotePort}}]`;
	}
	if (!forward) return fail(io, `failure running port forward process: ${lastError}`);

	const url = `http://${joinHostPort(d.address, forward.localPort)}${d.path}`;
	io.stdout(`${url}\n`);
	if (!d.browser) io.stdout('skipping opening a browser');

	let wake = (): void => {};
	const stopped = new Promise<void>((resolve) => (wake = resolve));
	const onAbort = (): void => wake();
	ctx.signal.addEventListener('abort', onAbort, { once: true });
	if (ctx.signal.aborted) wake();
	try {
		await stopped;
	} finally {
		ctx.signal.removeEventListener('abort', onAbort);
		registry.remove(forward);
	}
	// ClosePortForwarderOnInterrupt closes the forwarder; WaitForStop returns and RunE returns nil.
	return 0;
}
