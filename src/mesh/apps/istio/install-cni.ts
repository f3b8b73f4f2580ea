/**
 * istio-cni-node (`docker.io/istio/install-cni`, container `install-cni`): for now a host that
 * reports its version and readiness (`/readyz` on 8000, metrics on 15014). It installs no CNI
 * plugin and redirects no traffic: pod enrolment arrives with the ztunnel work. Log lines mirror
 * cni/pkg/cmd/root.go.
 */
import type { ContainerProgram } from '../../runtime/host.ts';
import { goLog } from '../../istio/log.ts';
import { listenHttp } from './listen.ts';
import { istioBuildString } from '../../istio/version.ts';

export function installCniProgram(): ContainerProgram {
	return {
		async start(ctx, container) {
			const c = container.name;
			goLog(ctx, c, 'info', 'cni-agent', `CNI version: ${istioBuildString()}`);
			goLog(ctx, c, 'info', 'cni-agent', 'CNI logging level: info');
			listenHttp(ctx, 8000, { '/readyz': () => '', '/healthz': () => '' });
			listenHttp(ctx, 15014, { '/metrics': () => '' });
		},
		binaries: {}
	};
}
