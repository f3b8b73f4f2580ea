/**
 * ztunnel (`docker.io/istio/ztunnel`, container `istio-proxy`): logs its build as ztunnel's
 * `main.rs` does, connects to istiod for config and certificates (src/mesh/xds/client.ts), and
 * runs the node proxy (src/mesh/ztunnel): outbound capture, HBONE and plaintext inbound, RBAC,
 * access logs, readiness (15021), stats (15020) and admin (15000).
 */
import type { ContainerProgram } from '../../runtime/host.ts';
import { connectIstiod, type IstiodClientEvent } from '../../xds/client.ts';
import { ISTIOD_ADDRESS } from '../../xds/protocol.ts';
import { configError } from '../../proxy/l4/state/validate.ts';
import { createZtunnel } from '../../ztunnel/ztunnel.ts';
import { rustLog } from '../../istio/log.ts';
import { nodeMetadata } from './node-metadata.ts';
import { ISTIO_VERSION, ZTUNNEL_GIT_REVISION } from '../../istio/version.ts';

/** `version::BuildInfo`'s Display, as ztunnel logs it first thing. */
const BUILD_INFO = `version.BuildInfo{Version:"${ISTIO_VERSION}", GitRevision:"${ZTUNNEL_GIT_REVISION}", RustVersion:"1.90.0", BuildProfile:"release", BuildStatus:"Clean", IstioVersion:"unknown", CryptoProvider:"aws-lc"}`;

/** Past this without a config the container starts anyway (istiod down): not ready in truth. */
const FIRST_CONFIG_WAIT = 10_000;

export function ztunnelProgram(): ContainerProgram {
	let proxy: ContainerProgram | undefined;
	return {
		transparent: true,
		async start(ctx, container) {
			const c = container.name;
			const log = (level: 'info' | 'warn' | 'error', message: string) =>
				rustLog(ctx, c, level, 'xds::client', message);
			rustLog(ctx, c, 'info', 'ztunnel', `version: ${BUILD_INFO}`);
			// Each push re-checks open connections against the new policies.
			let onPush: (() => void) | undefined;
			const xds = connectIstiod(ctx, {
				net: ctx.net,
				address: container.env['XDS_ADDRESS'] ?? ISTIOD_ADDRESS,
				subscription: {
					type: 'subscribe',
					node: ctx.spec.node,
					ztunnel: ctx.spec.name,
					metadata: nodeMetadata(ctx)
				},
				validate: configError,
				onConfig: (config) => {
					log(
						'info',
						`received response type_url="type.googleapis.com/istio.workload.Address" size=${config.workloads.length + config.services.length}`
					);
					onPush?.();
				},
				onEvent: (e: IstiodClientEvent) => {
					if (e.type === 'connected') log('info', 'Stream established');
					else if (e.type === 'connect-failed')
						log('warn', `XDS client connection error: ${e.reason}, retrying`);
					else if (e.type === 'invalid') log('error', `invalid message from istiod: ${e.message}`);
					else if (e.type === 'nack')
						log(
							'warn',
							`rejecting response type_url="type.googleapis.com/istio.workload.Address": ${e.reason}`
						);
					else log('error', e.message);
				}
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
			// ztunnel is not ready before its first xDS sync (xds/client.rs `block_ready`, the
			// "ads client" readiness task): a pod enrolled right after install meets a ztunnel
			// with config.
			await xds.firstConfig(FIRST_CONFIG_WAIT);
		},
		binaries: {}
	};
}
