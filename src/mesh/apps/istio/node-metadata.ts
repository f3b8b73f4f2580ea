import type { ContainerSpec, HostContext } from '../../runtime/host.ts';
import { imageTag } from '../../istio/version.ts';

/**
 * The xDS node metadata a proxy sends istiod (ztunnel's xds/client.rs node(), pilot-agent's
 * bootstrap): NAME, NAMESPACE, NODE_NAME, every `ISTIO_META_*` env var of its container without
 * the prefix (templates set CLUSTER_ID), and ISTIO_VERSION from the image's
 * `ENV ISTIO_META_ISTIO_VERSION` (pilot/docker/Dockerfile.*), i.e. its tag.
 */
export function nodeMetadata(
	ctx: HostContext,
	container: ContainerSpec | undefined = ctx.spec.containers[0]
): Record<string, string> {
	const meta: Record<string, string> = {
		NAME: ctx.spec.name,
		NAMESPACE: ctx.spec.namespace,
		NODE_NAME: ctx.spec.node
	};
	if (container) meta['ISTIO_VERSION'] = imageTag(container.image).replace(/-distroless$/, '');
	for (const [k, v] of Object.entries(container?.env ?? {}))
		if (k.startsWith('ISTIO_META_')) meta[k.slice('ISTIO_META_'.length)] = v;
	return meta;
}
