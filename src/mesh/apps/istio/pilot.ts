/**
 * istiod (`docker.io/istio/pilot`, container `discovery`): starts like istiod — its flags, mesh
 * config, listeners and readiness — answers `/ready` (8080) and its monitoring port 15014
 * (`/version`, what `istioctl version` reads, and the debug endpoints), creates its self-signed CA, and serves ztunnels on 15012: config
 * pushes and certificate signing (src/mesh/istiod). Its watch on the API server arrives through
 * the runtime's control channel: a full list, then watch events, kept in its informer caches
 * (src/mesh/istiod/informer-cache.ts). Log lines mirror pilot/pkg/bootstrap.
 */
import { createSelfSignedCa, isCaError } from '../../istiod/ca.ts';
import { parseDuration } from '../../istiod/routes-duration.ts';
import { startRootCertRotator } from '../../istiod/root-cert-rotator.ts';
import { createIstiod, type Istiod } from '../../istiod/istiod.ts';
import { createServingCert, istiodDnsNames } from '../../istiod/serving-cert.ts';
import { toPem } from '../../tls/certificate.ts';
import { InformerCache, parseInformerMessage } from '../../istiod/informer-cache.ts';
import type { ContainerProgram, HostContext } from '../../runtime/host.ts';
import {
	REMOTE_CLUSTER_TIMEOUT_MS,
	type RemoteCluster,
	RemoteSecretController
} from '../../istiod/remote-secrets.ts';
import { ms, type SimMillis } from '../../types.ts';
import { wait } from '../../clock.ts';
import { goLog } from '../../istio/log.ts';
import { listenHttp, listenPlaceholder } from './listen.ts';
import { listenMonitoring } from './pilot-monitoring.ts';

/** A few of istiod's real flags with their defaults, as it prints them at start. */
const FLAGS = [
	'--domain="cluster.local"',
	'--grpcAddr=":15010"',
	'--httpAddr=":8080"',
	'--httpsAddr=":15017"',
	'--keepaliveInterval="30s"',
	'--log_output_level="default:info"',
	'--monitoringAddr=":15014"',
	'--secureGRPCAddr=":15012"'
];

/** A Go duration from istiod's environment (`87600h`, `10m`); `-…` is negative, absent undefined. */
function envDuration(env: Readonly<Record<string, string>>, name: string): SimMillis | undefined {
	const raw = env[name];
	if (raw === undefined) return undefined;
	if (raw.startsWith('-')) return ms(-1);
	const d = parseDuration(raw === '0' ? '0s' : raw);
	return d === undefined ? undefined : ms(d);
}

const ISTIO_NAMESPACE = 'istio-system';

/** The remote secrets controller, its log lines in the container's log, its sync timeouts on the clock. */
function remoteSecretController(
	ctx: HostContext,
	c: string,
	clusterId: string,
	cache: InformerCache
): RemoteSecretController {
	const log = (level: 'info' | 'warn' | 'error') => (m: string) =>
		goLog(ctx, c, level, undefined, m);
	const controller: RemoteSecretController = new RemoteSecretController(
		clusterId,
		{ info: log('info'), warn: log('warn'), error: log('error') },
		(cluster) => {
			// A new or changed kubeconfig reads the cluster again (what was read came from the old one).
			cache.forgetRemote(cluster.id);
			// Synced once its API server's list arrives (the feed reads it: pilotProgram's control).
			void wait(ctx.clock, ms(REMOTE_CLUSTER_TIMEOUT_MS)).then(() => {
				if (!controller.current(cluster) || synced(controller, cluster)) return;
				goLog(ctx, c, 'error', undefined, `remote cluster ${cluster.id} failed to sync after 30s`);
				controller.setStatus(cluster, 'timeout');
			});
		}
	);
	return controller;
}

const synced = (controller: RemoteSecretController, cluster: RemoteCluster): boolean =>
	controller
		.list()
		.some(
			(c) => c.id === cluster.id && c.secretName === cluster.secret && c.syncStatus === 'synced'
		);

/** NewServer: its primary cluster, and the remote secrets controller over what the cache holds. */
function startServer(
	ctx: HostContext,
	c: string,
	primary: string,
	cache: InformerCache
): RemoteSecretController {
	goLog(ctx, c, 'info', undefined, `Starting Istiod Server with primary cluster ${primary}`);
	const remote = remoteSecretController(ctx, c, primary, cache);
	remote.sync(cache.remoteSecrets(ISTIO_NAMESPACE));
	return remote;
}

/** pilot/pkg/features read from istiod's env that change what its caches build. */
function readFeatureFlags(cache: InformerCache, env: Readonly<Record<string, string>>): void {
	cache.enableAlphaGatewayApi(env['PILOT_ENABLE_ALPHA_GATEWAY_API'] === 'true');
	cache.enableMultiNetwork(env['AMBIENT_ENABLE_MULTI_NETWORK'] === 'true');
}

/**
 * The remote secrets as the cache now holds them: a cluster whose list arrived is synced, one no
 * secret names any more is forgotten, and the reply names the API servers istiod's remote
 * cluster informers read (the feed dials them: cluster/remote-cluster-reader.ts).
 */
function syncRemoteClusters(
	cache: InformerCache,
	remote: RemoteSecretController | undefined
): { forgot: boolean; remoteClusters: { id: string; server: string; read: boolean }[] } {
	remote?.sync(cache.remoteSecrets(ISTIO_NAMESPACE));
	const clusters = remote?.clusters() ?? [];
	const read = new Set(cache.remoteIds());
	for (const c of clusters) if (read.has(c.id)) remote?.setStatus(c, 'synced');
	return {
		forgot: cache.retainRemotes(new Set(clusters.map((c) => c.id))),
		remoteClusters: clusters.map((c) => ({ id: c.id, server: c.server, read: read.has(c.id) }))
	};
}

export function pilotProgram(): ContainerProgram {
	const cache = new InformerCache();
	let istiod: Istiod | undefined;
	let remote: RemoteSecretController | undefined;
	/** The CA bundle the namespace controller publishes, once the CA exists. */
	let caRoots: (() => string) | undefined;
	return {
		control(message) {
			const m = parseInformerMessage(message);
			if (!m) return { type: 'error', message: 'unknown message' };
			// Events need a cache to apply to: a restarted istiod asks for the full list again.
			if (m.type === 'events' && !cache.synced) return { type: 'resync' };
			const request = cache.apply(m);
			const { forgot, remoteClusters } = syncRemoteClusters(cache, remote);
			istiod?.notify(forgot ? { pods: [], full: true } : request);
			const state = istiod?.state();
			return {
				type: 'ok',
				remoteClusters,
				statuses: [...(state?.statuses ?? new Map())],
				// Written by the cluster side: src/mesh/istiod/waypoints-status-writer.ts.
				routeStatuses: state?.routeStatuses ?? [],
				policyStatuses: state?.policyStatuses ?? [],
				serviceStatuses: state?.serviceStatuses ?? [],
				// The namespace controller's `istio-ca-root-cert` data (namespace-controller.ts).
				...(caRoots ? { caRootPem: caRoots() } : {})
			};
		},
		async start(ctx, container) {
			const c = container.name;
			readFeatureFlags(cache, container.env);
			for (const flag of FLAGS) goLog(ctx, c, 'info', undefined, `FLAG: ${flag}`);
			goLog(ctx, c, 'info', undefined, 'initializing mesh configuration ./etc/istio/config/mesh');
			remote = startServer(ctx, c, container.env['CLUSTER_ID'] || 'Kubernetes', cache);
			listenHttp(ctx, 8080, { '/ready': () => '' });
			goLog(ctx, c, 'info', undefined, 'starting HTTP service at [::]:8080');
			const clusterz = () => remote?.list();
			listenMonitoring(ctx, () => istiod, clusterz);
			// Informer caches sync before istiod reports ready (a second or two on a small cluster).
			const started = ctx.clock.now();
			await wait(ctx.clock, ms(1200 + ctx.rng.int(800)));
			const took = ((ctx.clock.now() - started) / 1000).toFixed(2);
			goLog(
				ctx,
				c,
				'info',
				'ads',
				`All caches have been synced up in ${took}s, marking server ready`
			);
			// pilot/pkg/bootstrap/istio_ca.go's CITADEL_* settings, read from the container's env.
			const env = container.env;
			const rootTtl = envDuration(env, 'CITADEL_SELF_SIGNED_CA_CERT_TTL');
			const ca = await createSelfSignedCa({
				rng: ctx.rng,
				clock: ctx.clock,
				crypto: ctx.crypto,
				...(rootTtl !== undefined && rootTtl > 0 ? { rootTtl } : {})
			});
			goLog(ctx, c, 'info', undefined, 'Use self-signed certificate as the CA certificate');
			const dnsNames = istiodDnsNames(ctx.spec.namespace);
			goLog(
				ctx,
				c,
				'info',
				undefined,
				`Discover server subject alt names: [${dnsNames.join(' ')}]`
			);
			const serving = await createServingCert(ca, dnsNames);
			if (isCaError(serving))
				throw new Error(`failed generating istiod key cert ${serving.message}`);
			caRoots = () => ca.roots().map(toPem).join('');
			const checkInterval = envDuration(env, 'CITADEL_SELF_SIGNED_ROOT_CERT_CHECK_INTERVAL');
			const grace = Number(env['CITADEL_SELF_SIGNED_ROOT_CERT_GRACE_PERIOD_PERCENTILE']);
			startRootCertRotator({
				ca,
				clock: ctx.clock,
				// A fork: the jitter draw leaves istiod's own sequence (serial numbers) as it was.
				...(env['CITADEL_ENABLE_JITTER_FOR_ROOT_CERT_ROTATOR'] === 'false'
					? {}
					: { rng: ctx.rng.fork('rootcertrotator') }),
				...(checkInterval !== undefined ? { checkInterval } : {}),
				...(Number.isFinite(grace) && grace > 0 && grace < 100
					? { gracePeriodPercentile: grace }
					: {}),
				log: (level, message) => goLog(ctx, c, level, 'rootcertrotator', message),
				// watchRootCertAndGenKeyCert: the serving certificate follows the new root.
				onRotated: () => void serving.reissue()
			});
			istiod = createIstiod({
				ca,
				servingCert: () => serving.current(),
				crypto: ctx.crypto,
				snapshot: () => cache.snapshot(),
				now: () => ctx.clock.now(),
				onLog: (level, scope, message) => {
					if (level !== 'debug') goLog(ctx, c, level, scope || undefined, message);
				}
			});
			istiod.listen(ctx.net);
			goLog(ctx, c, 'info', undefined, 'starting secure gRPC discovery service at [::]:15012');
			listenPlaceholder(ctx, 15010);
			goLog(ctx, c, 'info', undefined, 'starting gRPC discovery service at [::]:15010');
			listenPlaceholder(ctx, 15017);
			goLog(ctx, c, 'info', undefined, 'starting webhook service at [::]:15017');
		},
		binaries: {}
	};
}
