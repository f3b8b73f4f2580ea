/**
 * Starts the simulated internet's servers (net/internet.ts) as hosts beside the cluster: not
 * pods (no API object, kubectl never lists them), on no node of the cluster. A pod reaches them
 * by address, through its node, as kind's docker network routes and NATs them.
 */
import { EXTERNAL_HOSTS, INTERNET, type ExternalHost } from '../net/internet.ts';
import type { HostSpec } from '../runtime/host.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { hostId } from '../types.ts';
import { hashString } from '../random.ts';

/** The image each site runs (apps/registry.ts). */
const IMAGES: Readonly<Record<ExternalHost['site'], string>> = {
	// httpbin.org runs Kenneth Reitz's httpbin behind gunicorn, HTTPS in front.
	httpbin: 'mesh-playground/httpbin.org',
	'example-domain': 'mesh-playground/example-domain',
	'github-raw': 'mesh-playground/raw.githubusercontent.com'
};

export function externalHostSpec(host: ExternalHost, clusterSeed: number): HostSpec {
	return {
		id: hostId(`internet/${host.name}`),
		kind: 'external',
		ip: host.ip,
		node: INTERNET,
		namespace: '',
		name: host.name,
		containers: [{ name: 'server', image: IMAGES[host.site], env: {}, ports: [...host.ports] }],
		seed: hashString(`internet/${host.name}`, clusterSeed)
	};
}

/** Starts every external host; one that fails to start is simply unreachable. */
export async function startInternet(runtime: Runtime, clusterSeed: number): Promise<void> {
	for (const h of EXTERNAL_HOSTS) await runtime.startHost(externalHostSpec(h, clusterSeed));
}
