/**
 * ztunnel (`docker.io/istio/ztunnel`, container `istio-proxy`): for now a host that starts like
 * ztunnel's `main.rs`/`app.rs` — build info, then its readiness (15021 `/healthz/ready`) and stats
 * (15020) listeners — and nothing else. It proxies nothing yet: the data path (inbound, outbound,
 * HBONE, xDS from istiod, and the readiness tasks that wait on them) arrives with the ztunnel work.
 */
import type { ContainerProgram } from '../../runtime/host.ts';
import { rustLog } from './log.ts';
import { listenHttp } from './listen.ts';
import { ISTIO_VERSION, ZTUNNEL_GIT_REVISION } from './version.ts';

/** `version::BuildInfo`'s Display, as ztunnel logs it first thing. */
const BUILD_INFO = `version.BuildInfo{Version:"${ISTIO_VERSION}", GitRevision:"${ZTUNNEL_GIT_REVISION}", RustVersion:"1.90.0", BuildProfile:"release", BuildStatus:"Clean", IstioVersion:"unknown", CryptoProvider:"aws-lc"}`;

export function ztunnelProgram(): ContainerProgram {
	return {
		async start(ctx, container) {
			const c = container.name;
			rustLog(ctx, c, 'info', 'ztunnel', `version: ${BUILD_INFO}`);
			listenHttp(ctx, 15021, { '/healthz/ready': () => 'ready\n' });
			rustLog(
				ctx,
				c,
				'info',
				'hyper_util',
				'listener established',
				'address=[::]:15021 component="readiness"'
			);
			listenHttp(ctx, 15020, { '/metrics': () => '# EOF\n', '/stats/prometheus': () => '# EOF\n' });
			rustLog(
				ctx,
				c,
				'info',
				'hyper_util',
				'listener established',
				'address=[::]:15020 component="stats"'
			);
		},
		binaries: {}
	};
}
