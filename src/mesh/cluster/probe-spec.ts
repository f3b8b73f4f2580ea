/**
 * A container's probes as kubelet's prober reads them (k8s.io/api core/v1 Probe), and which
 * containers it probes. Istio's and Kubernetes' own images (istiod, ztunnel, istio-cni, Envoy,
 * CoreDNS, the control plane) declare their real probes, but their health endpoints are not
 * simulated yet: kubelet leaves them unprobed, so they are Ready once they listen (README).
 */
import type { Container, Pod } from '../api/objects.ts';
import { runningContainers } from '../api/pod-containers.ts';
import { ISTIO_HUB } from '../istio/version.ts';

export type ProbeType = 'Liveness' | 'Readiness' | 'Startup';

export interface Probe {
	readonly exec?: { readonly command?: readonly string[] };
	readonly httpGet?: {
		readonly path?: string;
		readonly port?: number | string;
		readonly host?: string;
		readonly scheme?: string;
		readonly httpHeaders?: readonly { readonly name: string; readonly value: string }[];
	};
	readonly tcpSocket?: { readonly port?: number | string; readonly host?: string };
	readonly grpc?: { readonly port?: number; readonly service?: string };
	readonly initialDelaySeconds?: number;
	readonly timeoutSeconds?: number;
	readonly periodSeconds?: number;
	readonly successThreshold?: number;
	readonly failureThreshold?: number;
}

export interface ContainerProbe {
	readonly container: Container;
	readonly type: ProbeType;
	readonly probe: Probe;
}

const FIELDS: readonly (readonly [ProbeType, string])[] = [
	['Startup', 'startupProbe'],
	['Liveness', 'livenessProbe'],
	['Readiness', 'readinessProbe']
];

const UNPROBED_IMAGES = [
	'registry.k8s.io/',
	...['proxyv2', 'pilot', 'ztunnel', 'install-cni'].map((n) => `${ISTIO_HUB}/${n}:`)
];

/** Whether kubelet runs `c`'s probes here (not one of the platform's own images). */
export function isProbed(c: Container): boolean {
	return !UNPROBED_IMAGES.some((prefix) => c.image.startsWith(prefix));
}

/** Every probe kubelet runs for `pod`'s running containers, startup probes first. */
export function podProbes(pod: Pod): ContainerProbe[] {
	const out: ContainerProbe[] = [];
	for (const container of runningContainers(pod)) {
		if (!isProbed(container)) continue;
		for (const [type, field] of FIELDS) {
			const probe = container[field];
			if (probe && typeof probe === 'object') out.push({ container, type, probe: probe as Probe });
		}
	}
	return out;
}

/** A named port (`port: http`) resolves through the container's ports (FindPortByName). */
export function resolvePort(c: Container, port: number | string | undefined): number | undefined {
	if (typeof port === 'number') return port;
	if (port === undefined) return undefined;
	if (/^\d+$/.test(port)) return Number(port);
	return c.ports?.find((p) => (p as { name?: string }).name === port)?.containerPort;
}
