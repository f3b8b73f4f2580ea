/**
 * istiod (`docker.io/istio/pilot`, container `discovery`): for now a host that starts like istiod
 * — its flags, mesh config, listeners and readiness — and answers `/ready` (8080) and `/version`
 * (15014, what `istioctl version` reads). It pushes no config and signs no certificates yet: xDS
 * and the CA arrive with the ztunnel work. Log lines mirror pilot/pkg/bootstrap/server.go.
 */
import type { ContainerProgram } from '../../runtime/host.ts';
import { ms } from '../../types.ts';
import { goLog } from './log.ts';
import { listenHttp, listenPlaceholder } from './listen.ts';
import { istioBuildString } from './version.ts';

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

export function pilotProgram(): ContainerProgram {
	return {
		async start(ctx, container) {
			const c = container.name;
			for (const flag of FLAGS) goLog(ctx, c, 'info', undefined, `FLAG: ${flag}`);
			goLog(ctx, c, 'info', undefined, 'initializing mesh configuration ./etc/istio/config/mesh');
			goLog(ctx, c, 'info', undefined, 'Starting Istiod Server with primary cluster Kubernetes');
			listenHttp(ctx, 8080, { '/ready': () => '' });
			goLog(ctx, c, 'info', undefined, 'starting HTTP service at [::]:8080');
			listenHttp(ctx, 15014, { '/version': istioBuildString, '/metrics': () => '' });
			// Informer caches sync before istiod reports ready (a second or two on a small cluster).
			const started = ctx.clock.now();
			await ctx.clock.sleep(ms(1200 + ctx.rng.int(800)));
			const took = ((ctx.clock.now() - started) / 1000).toFixed(2);
			goLog(
				ctx,
				c,
				'info',
				'ads',
				`All caches have been synced up in ${took}s, marking server ready`
			);
			listenPlaceholder(ctx, 15012);
			goLog(ctx, c, 'info', undefined, 'starting secure gRPC discovery service at [::]:15012');
			listenPlaceholder(ctx, 15010);
			goLog(ctx, c, 'info', undefined, 'starting gRPC discovery service at [::]:15010');
			listenPlaceholder(ctx, 15017);
			goLog(ctx, c, 'info', undefined, 'starting webhook service at [::]:15017');
		},
		binaries: {}
	};
}
