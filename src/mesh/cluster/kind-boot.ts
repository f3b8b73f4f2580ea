/**
 * What a new kind cluster holds before anyone types a command, beyond the API server's own
 * objects: the control plane's static pods (mirrored into the API by the control-plane node's
 * kubelet), kubeadm's add-ons (CoreDNS, kube-proxy) and kind's (kindnetd, local-path-storage),
 * in the order `kind create cluster` makes them. Their pods then come up through the same
 * controllers, scheduler and kubelets as any other, while the cluster boots (boot-rng.ts).
 */
import { NODES } from '../api/builtin-resources.ts';
import { formatApiError, isApiError } from '../api/errors.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { timestamp } from '../api/time.ts';
import type { SimMillis } from '../types.ts';
import { kindAddons } from './kind-addons.ts';
import { kubeadmAddons } from './kubeadm-addons.ts';
import type { NodeInfo } from './nodes.ts';
import { staticMirrorPods } from './static-pods.ts';

/** `now`: when the kubelet read the static pods' manifests (their `config.seen`). */
export function createKindAddons(
	api: ClusterApiServer,
	controlPlane: NodeInfo,
	now: SimMillis
): void {
	// RFC 3339 with nanoseconds, as the kubelet writes it.
	const seen = timestamp(now).replace(/Z$/, '.000000000Z');
	const node = api.get(NODES, '', controlPlane.name);
	if (isApiError(node)) throw new Error(`kind boot: ${formatApiError(node)}`);
	const objects = [
		...staticMirrorPods(controlPlane, node.metadata.uid, seen),
		...kubeadmAddons(controlPlane.name),
		...kindAddons()
	];
	for (const o of objects) {
		const r = api.create(o);
		// A failure here is a bug in these manifests, not user input.
		if (isApiError(r)) throw new Error(`kind boot: ${formatApiError(r)}`);
	}
}
