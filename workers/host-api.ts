/**
 * What every pod worker exposes: one host from src/mesh, created on `init`. Shared by the browser
 * entry (pod.worker.ts) and the Node entry (pod.node-worker.ts); no logic of its own.
 */
import type { ExitListener, HostSpec } from '../src/mesh/runtime/host.ts';
import type { ProgramLookup } from '../src/mesh/runtime/host-runner.ts';
import {
	createRemoteHost,
	type RemoteHostApi,
	type RemoteHostDeps
} from '../src/mesh/runtime/remote-host.ts';

export interface PodWorkerApi extends RemoteHostApi {
	init(
		spec: HostSpec,
		requestLink: RemoteHostDeps['requestLink'],
		timeScale: number,
		onExit?: ExitListener
	): void;
}

const wallTimer: RemoteHostDeps['wallTimer'] = (delay, fn) => {
	const t = setTimeout(fn, delay);
	return () => clearTimeout(t);
};

/** `lookup` maps images to programs: the apps registry, or a test program in runtime tests. */
export function podWorkerApi(lookup: ProgramLookup): PodWorkerApi {
	let host: RemoteHostApi | undefined;
	const h = (): RemoteHostApi => {
		if (!host) throw new Error('pod worker used before init');
		return host;
	};
	return {
		init(spec, requestLink, timeScale, onExit) {
			host = createRemoteHost(spec, {
				programFor: lookup,
				wallTimer,
				requestLink,
				timeScale,
				// The edge hands the worker's WebCrypto to the mesh, which never reads a global.
				crypto: globalThis.crypto,
				...(onExit ? { onExit } : {})
			});
		},
		start: (at) => h().start(at),
		exec: (c, argv, stdin, at) => h().exec(c, argv, stdin, at),
		logs: (c) => h().logs(c),
		portForward: (port, request, at) => h().portForward(port, request, at),
		control: (c, message, at) => h().control(c, message, at),
		setNetwork: (t) => h().setNetwork(t),
		addLink: (ip, node, port) => h().addLink(ip, node, port),
		dropLink: (ip) => h().dropLink(ip),
		observe: (at) => h().observe(at),
		drainCapture: () => h().drainCapture(),
		drainTraffic: () => h().drainTraffic(),
		protocolErrors: () => h().protocolErrors(),
		testOnlyLinkFaults: (faults) => h().testOnlyLinkFaults(faults),
		pause: () => h().pause(),
		resume: () => h().resume(),
		stop: () => h().stop()
	};
}
