/**
 * PeerAuthentication in ambient: STRICT becomes a DENY of connections without a peer identity.
 * Mirrors istio pilot/pkg/serviceregistry/ambient/authorization.go
 * (`convertedSelectorPeerAuthentications`, `convertPeerAuthentication`), workloads.go
 * (`fetchPeerAuthentications`) and policies.go (the static STRICT `DefaultPolicy`). DISABLE is
 * never enforced: it only stops inheriting STRICT.
 */
import type { KubeObject } from '../api/objects.ts';
import type { Authorization, Group, Match, Rules } from '../xds/workload-api.ts';
import { selectorLabels, specOf } from './authorization.ts';

/** `_` is illegal in Kubernetes names, so these never clash with a user's policy. */
export const STATIC_STRICT_POLICY_NAME = 'istio_converted_static_strict';
export const CONVERTED_PEER_AUTHENTICATION_PREFIX = 'converted_peer_authentication_';

export type MtlsMode = 'UNSET' | 'STRICT' | 'PERMISSIVE' | 'DISABLE';

const NO_IDENTITY: Match = { notPrincipals: [{ presence: true }] };

/** The DENY every STRICT workload references: connections with no peer identity. */
export function staticStrictPolicy(rootNamespace: string): Authorization {
	return {
		name: STATIC_STRICT_POLICY_NAME,
		namespace: rootNamespace,
		scope: 'WorkloadSelector',
		action: 'Deny',
		groups: [{ rules: [{ matches: [NO_IDENTITY] }] }]
	};
}

function modeOf(x: unknown): MtlsMode {
	const mode = (
		typeof x === 'object' && x !== null ? (x as { mode?: unknown }).mode : undefined
	) as string | undefined;
	return mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE' ? mode : 'UNSET';
}

const mtls = (pa: KubeObject | undefined): MtlsMode =>
	pa === undefined ? 'UNSET' : modeOf(specOf(pa)['mtls']);

/** portLevelMtls in port order (maps.SeqStable). */
function portLevel(pa: KubeObject): [number, MtlsMode][] {
	const raw = specOf(pa)['portLevelMtls'];
	if (typeof raw !== 'object' || raw === null) return [];
	return Object.entries(raw as Record<string, unknown>)
		.filter(([p]) => /^\d+$/.test(p))
		.map(([p, v]): [number, MtlsMode] => [Number(p), modeOf(v)])
		.sort((a, b) => a[0] - b[0]);
}

/** A selector with no matchLabels counts as none (namespace- or mesh-wide). */
const hasSelector = (pa: KubeObject): boolean =>
	Object.keys(selectorLabels(specOf(pa)) ?? {}).length > 0;

const olderThan = (a: KubeObject, b: KubeObject | undefined): boolean =>
	b === undefined || a.metadata.creationTimestamp < b.metadata.creationTimestamp;

const convertedName = (pa: KubeObject): string =>
	`${pa.metadata.namespace ?? 'default'}/${CONVERTED_PEER_AUTHENTICATION_PREFIX}${pa.metadata.name}`;

/**
 * fetchPeerAuthentications: the workload's namespace (no selector, or a matching one) plus the
 * root namespace's selector-less policies.
 */
export function peerAuthenticationsFor(
	all: readonly KubeObject[],
	rootNamespace: string,
	namespace: string,
	labels: Readonly<Record<string, string>>
): KubeObject[] {
	return all.filter((pa) => {
		const sel = selectorLabels(specOf(pa));
		if (pa.metadata.namespace === namespace) {
			return sel === undefined || Object.entries(sel).every(([k, v]) => labels[k] === v);
		}
		return pa.metadata.namespace === rootNamespace && sel === undefined;
	});
}

/**
 * The policy keys a workload references for its effective PeerAuthentication (mesh → namespace →
 * workload, oldest wins at each level): the static STRICT policy and/or its converted port-level one.
 */
export function convertedSelectorPeerAuthentications(
	rootNamespace: string,
	configs: readonly KubeObject[]
): string[] {
	let meshCfg: KubeObject | undefined;
	let namespaceCfg: KubeObject | undefined;
	let workloadCfg: KubeObject | undefined;
	for (const cfg of configs) {
		if (!hasSelector(cfg)) {
			if (cfg.metadata.namespace === rootNamespace) {
				if (olderThan(cfg, meshCfg)) meshCfg = cfg;
			} else if (olderThan(cfg, namespaceCfg)) namespaceCfg = cfg;
		} else if (cfg.metadata.namespace !== rootNamespace && olderThan(cfg, workloadCfg)) {
			workloadCfg = cfg;
		}
	}
	let strict = mtls(meshCfg) === 'STRICT';
	if (namespaceCfg !== undefined && mtls(namespaceCfg) !== 'UNSET') {
		strict = mtls(namespaceCfg) === 'STRICT';
	}
	let portKey = '';
	if (workloadCfg !== undefined) {
		const mode = mtls(workloadCfg);
		if (mode === 'STRICT') strict = true;
		if (mode === 'PERMISSIVE' || mode === 'DISABLE') strict = false;
		const ports = portLevel(workloadCfg).map(([, m]) => m);
		if (ports.length > 0) {
			if (mode === 'STRICT') {
				if (ports.some((m) => m === 'PERMISSIVE' || m === 'DISABLE')) {
					portKey = convertedName(workloadCfg);
					strict = false; // the converted policy carries the STRICT default itself
				}
			} else if (mode === 'PERMISSIVE' || mode === 'DISABLE') {
				if (ports.includes('STRICT')) portKey = convertedName(workloadCfg);
			} else if (strict) {
				if (ports.includes('PERMISSIVE')) {
					portKey = convertedName(workloadCfg);
					strict = false;
				}
			} else if (ports.includes('STRICT')) {
				portKey = convertedName(workloadCfg);
			}
		}
	}
	const keys = new Set<string>();
	if (strict) keys.add(`${rootNamespace}/${STATIC_STRICT_POLICY_NAME}`);
	if (portKey !== '') keys.add(portKey);
	return [...keys].sort();
}

/** The oldest selector-less PeerAuthentication in a namespace (getOldestPeerAuthn). */
export function oldestNamespacePolicy(
	all: readonly KubeObject[],
	namespace: string
): KubeObject | undefined {
	let oldest: KubeObject | undefined;
	for (const pa of all) {
		if (pa.metadata.namespace === namespace && selectorLabels(specOf(pa)) === undefined) {
			if (olderThan(pa, oldest)) oldest = pa;
		}
	}
	return oldest;
}

/**
 * A workload PeerAuthentication with port-level mTLS as an L4 DENY, merged with the inherited
 * STRICT when needed; undefined when the static STRICT policy (or nothing) already covers it.
 */
export function convertPeerAuthentication(
	rootNamespace: string,
	cfg: KubeObject,
	nsCfg: KubeObject | undefined,
	rootCfg: KubeObject | undefined
): Authorization | undefined {
	const namespace = cfg.metadata.namespace ?? 'default';
	const ports = portLevel(cfg);
	if (
		namespace === rootNamespace ||
		selectorLabels(specOf(cfg)) === undefined ||
		ports.length === 0
	) {
		return undefined;
	}
	const mode = mtls(cfg);
	const nsMode = mtls(nsCfg);
	const rootMode = mtls(rootCfg);
	const rules: Rules[] = [];
	const groups: Group[] = [];
	if (mode === 'STRICT') rules.push({ matches: [NO_IDENTITY] });
	let foundNonStrictPort = false;
	for (const [port, portMode] of ports) {
		if (portMode === 'STRICT') {
			// Go precedence: #1 || (#2) || (#3), as written upstream.
			const parentStrict =
				mode === 'STRICT' ||
				(mode === 'UNSET' && nsCfg !== undefined && nsMode === 'STRICT') ||
				((nsCfg === undefined || nsMode === 'UNSET') &&
					rootCfg !== undefined &&
					rootMode === 'STRICT');
			if (parentStrict) continue;
			groups.push({
				rules: [{ matches: [{ notPrincipals: [{ presence: true }], destinationPorts: [port] }] }]
			});
		} else if (portMode === 'PERMISSIVE' || portMode === 'DISABLE') {
			if (mode === 'PERMISSIVE' || mode === 'DISABLE') continue;
			if (
				mode === 'UNSET' &&
				((nsCfg !== undefined && nsMode !== 'STRICT') ||
					(nsCfg === undefined && rootCfg !== undefined && rootMode !== 'STRICT') ||
					(nsCfg === undefined && rootCfg === undefined))
			) {
				continue;
			}
			foundNonStrictPort = true;
			// Deny unless the connection is on this exempt port (no identity requirement here).
			rules.push({ matches: [{ notDestinationPorts: [port] }] });
		}
	}
	if (mode === 'STRICT' && !foundNonStrictPort) return undefined;
	if (rules.length === 0 && groups.length === 0) return undefined;
	const mergeStrict =
		(rootCfg !== undefined &&
			rootMode === 'STRICT' &&
			(nsCfg === undefined || nsMode === 'UNSET' || nsMode === 'STRICT')) ||
		(nsCfg !== undefined && nsMode === 'STRICT');
	if (mergeStrict && foundNonStrictPort) rules.push({ matches: [NO_IDENTITY] });
	if (rules.length > 0) groups.push({ rules });
	return {
		name: `${CONVERTED_PEER_AUTHENTICATION_PREFIX}${cfg.metadata.name}`,
		namespace,
		scope: 'WorkloadSelector',
		action: 'Deny',
		groups
	};
}
