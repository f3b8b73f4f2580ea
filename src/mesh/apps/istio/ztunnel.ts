/**
 * ztunnel (`docker.io/istio/ztunnel`, container `istio-proxy`): logs its build as ztunnel's
 * `main.rs` does, connects to istiod for config and certificates (xds-client.ts), and runs the
 * node proxy (src/mesh/ztunnel): outbound capture, HBONE and plaintext inbound, RBAC, access
 * logs, readiness (15021), stats (15020) and admin (15000).
 */
import type { ContainerProgram } from '../../runtime/host.ts';
import { connectXds } from '../../ztunnel/xds-client.ts';
import { createZtunnel } from '../../ztunnel/ztunnel.ts';
import { rustLog } from './log.ts';
import { ISTIO_VERSION, ZTUNNEL_GIT_REVISION } from './version.ts';

/** `version::BuildInfo`'s Display, as ztunnel logs it first thing. */
const BUILD_INFO = `version.BuildInfo{Version:"${ISTIO_VERSION}", GitRevision:"${ZTUNNEL_GIT_REVISION}", RustVersion:"1.90.0", BuildProfile:"release", BuildStatus:"Clean", IstioVersion:"unknown", CryptoProvider:"aws-lc"}`;

export function ztunnelProgram(): ContainerProgram {
	let proxy: ContainerProgram | undefined;
	return {
		transparent: true,
		async start(ctx, container) {
			const c = container.name;
			rustLog(ctx, c, 'info', 'ztunnel', `version: ${BUILD_INFO}`);
			// Each push re-checks open connections against the new policies.
			let onPush: (() => void) | undefined;
			const xds = connectXds(ctx, {
				node: ctx.spec.node,
				podName: ctx.spec.name,
				log: (level, scope, message) => rustLog(ctx, c, level, scope, message),
				onConfig: () => onPush?.()
			});
			proxy = createZtunnel({
				config: () => xds.config(),
				watchConfig: (f) => {
					onPush = f;
				},
				certificateFor: (id) => xds.certificateFor(id),
				trustRoots: () => xds.trustRoots(),
				crypto: ctx.crypto
			});
			await proxy.start(ctx, container);
		},
		binaries: {}
	};
}
