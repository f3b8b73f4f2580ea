/**
 * Which DestinationRule a sidecar applies to each Service, and its `trafficPolicy.tls.mode`: the
 * client's namespace first, then the Service's, then the root namespace; in each, an exact host
 * before a wildcard (`*.local`), the oldest first. Mirrors pilot/pkg/model/push_context.go
 * `destinationRule` (exportTo and workloadSelector left out), feeding cluster_tls.go.
 */
import type { KubeObject } from '../api/objects.ts';
import type { ClientTlsMode } from '../xds/sidecar-config.ts';
import type { Service } from '../xds/workload-api.ts';
import { resolveHost } from './routes-virtualservice.ts';

const MODES = new Set<string>(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']);

function hostOf(dr: KubeObject): string | undefined {
	const host = (dr['spec'] as { host?: unknown } | undefined)?.host;
	return typeof host === 'string' ? host : undefined;
}

function tlsModeOf(dr: KubeObject): ClientTlsMode | undefined {
	const spec = dr['spec'] as { trafficPolicy?: { tls?: { mode?: unknown } } } | undefined;
	const mode = spec?.trafficPolicy?.tls?.mode;
	return typeof mode === 'string' && MODES.has(mode) ? (mode as ClientTlsMode) : undefined;
}

/** 2 exact, 1 wildcard, 0 no match. */
function matchRank(dr: KubeObject, hostname: string): number {
	const host = hostOf(dr);
	if (host === undefined) return 0;
	if (host.startsWith('*')) return hostname.endsWith(host.slice(1)) ? 1 : 0;
	return resolveHost(host, dr.metadata.namespace ?? 'default') === hostname ? 2 : 0;
}

/** The DestinationRule that applies to `hostname` from clients in `namespaces` (in that order). */
export function ruleFor(
	all: readonly KubeObject[],
	namespaces: readonly string[],
	hostname: string
): KubeObject | undefined {
	for (const ns of namespaces) {
		let best: KubeObject | undefined;
		let rank = 0;
		for (const dr of all) {
			if ((dr.metadata.namespace ?? 'default') !== ns) continue;
			const r = matchRank(dr, hostname);
			const older =
				best !== undefined && dr.metadata.creationTimestamp < best.metadata.creationTimestamp;
			if (r > rank || (r > 0 && r === rank && older)) {
				best = dr;
				rank = r;
			}
		}
		if (best) return best;
	}
	return undefined;
}

export function clientTlsModes(
	destinationRules: readonly KubeObject[],
	clientNamespace: string,
	rootNamespace: string,
	services: readonly Service[]
): Record<string, ClientTlsMode> {
	const out: Record<string, ClientTlsMode> = {};
	if (destinationRules.length === 0) return out;
	for (const s of services) {
		const namespaces = [...new Set([clientNamespace, s.namespace, rootNamespace])];
		const dr = ruleFor(destinationRules, namespaces, s.hostname);
		const mode = dr && tlsModeOf(dr);
		if (mode) out[s.hostname] = mode;
	}
	return out;
}
