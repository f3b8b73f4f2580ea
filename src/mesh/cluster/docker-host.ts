/**
 * The learner's machine as a host beside the cluster (apps/docker-host.ts), started the first
 * time the terminal runs a program there (`curl`): on a real kind setup the docs' `curl`
 * commands run on the docker host, not in a pod. Not a pod: no API object, kubectl never lists it.
 */
import { INTERNET } from '../net/internet.ts';
import { hashString } from '../random.ts';
import type { HostServices, HostSpec } from '../runtime/host.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { hostId, ip } from '../types.ts';

export const DOCKER_HOST_ID = hostId('docker/host');
/** kind's docker network is 172.18.0.0/16; the host is its bridge gateway. */
export const DOCKER_HOST_IP = ip('172.18.0.1');
export const DOCKER_HOST_CONTAINER = 'shell';
export const DOCKER_HOST_IMAGE = 'mesh-playground/docker-host';

export function dockerHostSpec(clusterSeed: number): HostSpec {
	return {
		id: DOCKER_HOST_ID,
		kind: 'external',
		ip: DOCKER_HOST_IP,
		node: INTERNET,
		namespace: '',
		name: 'docker-host',
		containers: [{ name: DOCKER_HOST_CONTAINER, image: DOCKER_HOST_IMAGE, env: {}, ports: [] }],
		seed: hashString('docker/host', clusterSeed)
	};
}

const started = new WeakMap<Runtime, Promise<boolean>>();

/**
 * Starts the docker host once per runtime; false when it could not start. `services` lends it
 * what lives outside the simulation (the terminal's port-forwards), on the first call only.
 */
export function ensureDockerHost(
	runtime: Runtime,
	clusterSeed: number,
	services?: HostServices
): Promise<boolean> {
	let p = started.get(runtime);
	if (!p) {
		p = runtime.startHost(dockerHostSpec(clusterSeed), undefined, services).then(
			(r) => r.type === 'ready',
			() => false
		);
		started.set(runtime, p);
	}
	return p;
}
