/**
 * A test's own programs, plus the real programs of kind's add-on images (kindnetd, CoreDNS, the
 * control plane's): without kindnetd running, a kind worker stays NotReady and takes no pods
 * (src/mesh/cluster/node-network.ts), as on a real cluster whose CNI never starts.
 */
import { programFor as appsProgramFor } from '../../src/mesh/apps/registry.ts';
import type { ContainerProgram } from '../../src/mesh/runtime/host.ts';

const KIND_ADDON = /^(registry\.k8s\.io|docker\.io\/kindest)\//;

export function withKindAddons(
	own: (image: string) => ContainerProgram | undefined
): (image: string) => ContainerProgram | undefined {
	return (image) => own(image) ?? (KIND_ADDON.test(image) ? appsProgramFor(image) : undefined);
}
