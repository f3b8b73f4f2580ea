/**
 * Which pod `istioctl proxy-config` asks and fetching from its Envoy admin. Mirrors istio
 * istioctl/pkg/proxyconfig getPodName / getPodNames (InferPodInfoFromTypedResource: `pod`,
 * `pod.namespace`, `deploy/name` …, `-n` else `default`) and extractConfigDump /
 * setupEnvoyLogConfig (kube client EnvoyDoWithPort on port 15000). Real istioctl port-forwards
 * to the pod; we run curl in its `istio-proxy` container, which reaches the same admin listener
 * on localhost.
 */
import { isApiError } from '../../../mesh/api/errors.ts';
import type { Pod } from '../../../mesh/api/objects.ts';
import type { Cluster } from '../../../mesh/cluster.ts';
import { type TargetError, type ZtunnelRef as PodRef } from '../ztunnel-config/target.ts';

export type { PodRef };

const PROXY_CONTAINER = 'istio-proxy';

/** EnvoyDoWithPort: `method` on `localhost:<port>/<path>`, its body or istioctl's error. */
export async function envoyDo(
	cluster: Cluster,
	ref: PodRef,
	method: 'GET' | 'POST',
	path: string,
	port: number,
	what: string
): Promise<string | TargetError> {
	const where = `${ref.name}.${ref.namespace}`;
	const failed = (why: string): TargetError => ({
		error: `failed to execute command on ${where} ${what}: ${why}`
	});
	const type = cluster.api.resolve('pods');
	const pod = type ? cluster.api.get(type, ref.namespace, ref.name) : undefined;
	if (!pod || isApiError(pod))
		return failed(`failure running port forward process: pods "${ref.name}" not found`);
	const containers = [...((pod as Pod).spec.initContainers ?? []), ...(pod as Pod).spec.containers];
	const proxy = containers.find((c) => c.name === PROXY_CONTAINER);
	if (!proxy)
		return failed(
			`failure running port forward process: error forwarding port ${port} to pod ${ref.name}: connection refused`
		);
	const url = `http://localhost:${port}/${path}`;
	const argv = ['curl', '-s', '-S', ...(method === 'POST' ? ['-X', 'POST'] : []), url];
	const r = await cluster.exec(ref.namespace, ref.name, PROXY_CONTAINER, argv, '');
	if (isApiError(r)) return failed(r.message);
	if (r.exitCode !== 0) return failed(r.stderr.trim() || `curl exited with code ${r.exitCode}`);
	return r.stdout;
}
