/**
 * What istioctl's subcommands share: cobra's error wording, the root's persistent flags, the
 * `(y/N)` confirmation, and readers over the cluster (is istiod running, which proxies exist).
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject, Pod } from '../../mesh/api/objects.ts';
import { imageTag } from '../../mesh/istio/version.ts';
import { isClassicRouter } from '../../mesh/istiod/classic-gateways.ts';
import type { CommandIO } from '../command.ts';
import { isFlagError, parseFlags, str, type FlagSpec, type ParsedFlags } from '../kubectl/flags.ts';
import { ISTIO_NAMESPACE } from './manifests/labels.ts';

/** istioctl's root persistent flags (istioctl/pkg/cli AddRootFlags), accepted by every command. */
export const ROOT_FLAGS: readonly FlagSpec[] = [
	{ name: 'context', type: 'string', description: 'Kubernetes configuration context' },
	{ name: 'help', short: 'h', type: 'bool', description: 'help for istioctl' },
	{
		name: 'istioNamespace',
		short: 'i',
		type: 'string',
		description: 'Istio system namespace (default "istio-system")'
	},
	{ name: 'kubeconfig', short: 'c', type: 'string', description: 'Kubernetes configuration file' },
	{ name: 'namespace', short: 'n', type: 'string', description: 'Kubernetes namespace' },
	{ name: 'vklog', type: 'int', description: 'number for the log level verbosity' }
];

/** cobra with SilenceUsage: `Error: <message>` on stderr, exit 1. */
export function fail(io: CommandIO, message: string): number {
	io.stderr(`Error: ${message}\n`);
	return 1;
}

/** Parses a subcommand's flags plus the root ones; on error prints it the cobra way. */
export function parseCommandFlags(
	io: CommandIO,
	argv: readonly string[],
	specs: readonly FlagSpec[]
): ParsedFlags | number {
	const parsed = parseFlags(argv, [...ROOT_FLAGS, ...specs]);
	if (isFlagError(parsed)) return fail(io, parsed.message);
	return parsed;
}

export function istioNamespace(flags: ParsedFlags): string {
	return str(flags, 'istioNamespace') || ISTIO_NAMESPACE;
}

/**
 * operator/cmd/mesh/shared.go Confirm: prints the question (no newline) and reads answers from
 * stdin until one is y/yes or n/no; end of input (or a blank line, as Go's Scanln sees it) is No.
 */
export function confirm(question: string, io: CommandIO): boolean {
	const lines = io.stdin.split('\n');
	if (lines.at(-1) === '') lines.pop();
	for (const line of lines) {
		io.stdout(`${question} `);
		const words = line.trim().split(/\s+/).filter(Boolean);
		if (words.length !== 1) return false;
		const answer = (words[0] as string).toUpperCase();
		if (answer === 'Y' || answer === 'YES') return true;
		if (answer === 'N' || answer === 'NO') return false;
	}
	if (lines.length === 0) io.stdout(`${question} `);
	return false;
}

function list(
	api: ApiServer,
	typed: string,
	namespace: string | undefined,
	selector: string
): KubeObject[] {
	const type = api.resolve(typed);
	if (!type) return [];
	const r = api.list(type, { ...(namespace ? { namespace } : {}), labelSelector: selector });
	return isApiError(r) ? [] : r;
}

const isReady = (p: Pod): boolean =>
	p.status?.phase === 'Running' &&
	(p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** A component's version as its image tag says (`1.30.3-distroless` → `1.30.3`). */
export function podVersion(pod: Pod): string {
	const image = pod.spec.containers[0]?.image ?? '';
	return imageTag(image).replace(/-(distroless|debug)$/, '');
}

/**
 * kube client GetIstioVersions: running, ready `app=istiod` pods in the Istio namespace. Real
 * istioctl then asks each one's `:15014/version`; our istiod serves the same image's version.
 */
export function runningIstiods(api: ApiServer, namespace: string): Pod[] {
	return (list(api, 'pods', namespace, 'app=istiod') as Pod[]).filter(isReady);
}

export interface ProxyInfo {
	/** `<pod>.<namespace>`, as istiod's sync status names proxies. */
	readonly id: string;
	readonly version: string;
}

/**
 * The proxies connected to istiod (pkg/proxy GetProxyInfo reads istiod's `debug/syncz`): every
 * ready ztunnel, every ready pod with an injected sidecar, and every ready classic gateway
 * (istio-ingressgateway, istio-egressgateway), as they would be. (Gateway API gateways and
 * waypoints are not counted yet.)
 */
export function connectedProxies(api: ApiServer, namespace: string): ProxyInfo[] {
	const ztunnels = (list(api, 'pods', namespace, 'app=ztunnel') as Pod[]).filter(isReady);
	const sidecars = (list(api, 'pods', undefined, 'security.istio.io/tlsMode=istio') as Pod[])
		.filter((p) => p.metadata.annotations?.['sidecar.istio.io/status'] !== undefined)
		.filter(isReady);
	const routers = (list(api, 'pods', undefined, 'istio') as Pod[])
		.filter(isClassicRouter)
		.filter(isReady);
	return [...ztunnels, ...sidecars, ...routers].map((p) => ({
		id: `${p.metadata.name}.${p.metadata.namespace ?? namespace}`,
		version: sidecarVersion(p) ?? podVersion(p)
	}));
}

/** An injected proxy's version, from its image (the pod's first container may be the app). */
function sidecarVersion(pod: Pod): string | undefined {
	const proxy = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find(
		(c) => c.name === 'istio-proxy'
	);
	return proxy ? imageTag(proxy.image).replace(/-(distroless|debug)$/, '') : undefined;
}
