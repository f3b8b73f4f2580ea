/**
 * ztunnel (`docker.io/istio/ztunnel`, container `istio-proxy`): starts as ztunnel's `main.rs` and
 * `app.rs` do (build info, the config it runs with, its listeners and readiness tasks, each
 * logged as ztunnel logs it), connects to istiod for config and certificates
 * (src/mesh/xds/client.ts), reads istio-cni's messages about the pods it serves (ztunnel/inpod.ts),
 * and runs the node proxy (src/mesh/ztunnel): outbound capture, HBONE and plaintext inbound,
 * RBAC, access logs, readiness (15021), stats (15020) and admin (15000).
 */
import type { ContainerProgram, HostContext } from '../../runtime/host.ts';
import { isZdsDelivery, type ZdsDelivery } from '../../cni/zds.ts';
import { connectIstiod, type IstiodClientEvent } from '../../xds/client.ts';
import type { PushSummary } from '../../xds/pushes.ts';
import { ISTIOD_ADDRESS } from '../../xds/protocol.ts';
import { configError } from '../../proxy/l4/state/validate.ts';
import { createZtunnel } from '../../ztunnel/ztunnel.ts';
import { ztunnelConfigYaml } from '../../ztunnel/config-log.ts';
import { WorkloadProxyManager } from '../../ztunnel/inpod.ts';
import { Readiness } from '../../ztunnel/readiness.ts';
import { type Level, nextStamp, rustDuration, rustLog } from '../../istio/log.ts';
import { nodeMetadata } from './node-metadata.ts';
import { ISTIO_VERSION, ZTUNNEL_GIT_REVISION } from '../../istio/version.ts';

/** `version::BuildInfo`'s Display, as ztunnel logs it first thing. */
const BUILD_INFO = `version.BuildInfo{Version:"${ISTIO_VERSION}", GitRevision:"${ZTUNNEL_GIT_REVISION}", RustVersion:"1.90.0", BuildProfile:"release", BuildStatus:"Clean", IstioVersion:"unknown", CryptoProvider:"aws-lc"}`;

/** Past this without a config the container starts anyway (istiod down): not ready in truth. */
const FIRST_CONFIG_WAIT = 10_000;

const ADDRESS_TYPE = 'type.googleapis.com/istio.workload.Address';
const AUTHORIZATION_TYPE = 'type.googleapis.com/istio.security.Authorization';

export function ztunnelProgram(): ContainerProgram {
	/** istio-cni's messages: handled once the first config is in, as ztunnel's state manager waits for it. */
	let zds: ((d: ZdsDelivery) => void) | undefined;
	return {
		transparent: true,
		async start(ctx, container) {
			const c = container.name;
			const env = container.env;
			const log = (level: Level, target: string, message: string, fields = '') =>
				rustLog(ctx, c, level, target, message, fields);
			const started = nextStamp(ctx);
			rustLog(ctx, c, 'info', 'ztunnel', `version: ${BUILD_INFO}`, '', started);
			log('info', 'ztunnel', 'set file descriptor limits from 1048576 to 1048576');
			const istiod = env['XDS_ADDRESS'] ?? ISTIOD_ADDRESS;
			log(
				'info',
				'ztunnel',
				`running with config: ${ztunnelConfigYaml({
					node: ctx.spec.node,
					podName: ctx.spec.name,
					namespace: ctx.spec.namespace,
					serviceAccount: env['SERVICE_ACCOUNT'] ?? 'ztunnel',
					caAddress: env['CA_ADDRESS'] ?? istiod,
					xdsAddress: istiod,
					clusterId: env['ISTIO_META_CLUSTER_ID'] ?? 'Kubernetes',
					istioVersion: ISTIO_VERSION,
					network: env['NETWORK'] ?? '',
					trustDomain: 'cluster.local'
				})}`
			);
			const readiness = new Readiness(started);
			const ready = (task: string) => {
				const stamp = nextStamp(ctx);
				const line = readiness.complete(task, stamp);
				if (line) rustLog(ctx, c, 'info', 'readiness', line, '', stamp);
			};
			const manager = new WorkloadProxyManager(
				(target, message, fields) => log('info', target, message, fields),
				() => ready('workload proxy manager')
			);
			const queued: ZdsDelivery[] = [];
			zds = (d) => void queued.push(d);
			const xds = startXds(ctx, c, env, () => {
				ready('state manager');
				for (const d of queued.splice(0)) manager.handle(d);
				zds = (d) => manager.handle(d);
			});
			const proxy = createZtunnel({
				config: () => xds.client.config(),
				watchConfig: (f) => xds.watch(f),
				certificateFor: (id) => xds.client.certificateFor(id),
				trustRoots: () => xds.client.trustRoots(),
				crypto: ctx.crypto,
				ready,
				inpodWorkloads: () => manager.proxies
			});
			await proxy.start(ctx, container);
			// ztunnel is not ready before its first xDS sync (xds/client.rs `block_ready`, the
			// "ads client" readiness task): a pod enrolled right after install meets a ztunnel
			// with config.
			await xds.client.firstConfig(FIRST_CONFIG_WAIT);
		},
		control(message) {
			if (!isZdsDelivery(message)) return { type: 'error', message: 'unknown control message' };
			// Not started yet: istio-cni retries once the ztunnel is up.
			if (!zds) return { type: 'not-ready' };
			zds(message);
			return { type: 'ok' };
		},
		binaries: {}
	};
}

/**
 * The xDS client with ztunnel's log lines: each connection attempt is span `xds{id=N}`, each
 * response is logged per type URL, each policy as it is handled (xds/client.rs, xds.rs).
 */
function startXds(
	ctx: HostContext,
	c: string,
	env: Readonly<Record<string, string>>,
	onFirstConfig: () => void
) {
	let attempt = 0;
	let first = true;
	let onPush: (() => void) | undefined;
	const log = (level: Level, message: string, fields = '') =>
		rustLog(ctx, c, level, `xds::client:xds{id=${attempt}}`, message, fields);
	const logPush = (push: PushSummary | undefined) => {
		if (!push) return;
		const response = (type: string, size: number, removes: number) =>
			log('info', 'received response', `type_url="${type}" size=${size} removes=${removes}`);
		if (push.full || push.addresses + push.removedAddresses > 0)
			response(ADDRESS_TYPE, push.addresses, push.removedAddresses);
		if (push.full || push.policies.length + push.removedPolicies.length > 0) {
			response(AUTHORIZATION_TYPE, push.policies.length, push.removedPolicies.length);
			const rbac = (message: string) => rustLog(ctx, c, 'info', `xds:xds{id=${attempt}}`, message);
			for (const name of push.policies) rbac(`handling RBAC update ${name}`);
			for (const name of push.removedPolicies) rbac(`handling RBAC delete ${name}`);
		}
	};
	const client = connectIstiod(ctx, {
		net: ctx.net,
		address: env['XDS_ADDRESS'] ?? ISTIOD_ADDRESS,
		subscription: {
			type: 'subscribe',
			node: ctx.spec.node,
			ztunnel: ctx.spec.name,
			metadata: nodeMetadata(ctx)
		},
		validate: configError,
		onConfig: (_config, push) => {
			logPush(push);
			if (first) {
				first = false;
				onFirstConfig();
			}
			onPush?.();
		},
		onEvent: (e: IstiodClientEvent) => {
			if (e.type === 'connected') {
				attempt++;
				log('info', 'Stream established');
			} else if (e.type === 'connect-failed') {
				attempt++;
				log(
					'warn',
					`XDS client connection error: ${e.reason}, retrying in ${rustDuration(e.retryIn * 1000)}`
				);
			} else if (e.type === 'invalid') log('error', `invalid message from istiod: ${e.message}`);
			else if (e.type === 'nack')
				log('warn', `rejecting response type_url="${ADDRESS_TYPE}": ${e.reason}`);
			else log('error', e.message);
		}
	});
	return {
		client,
		watch: (f: () => void) => {
			onPush = f;
		}
	};
}
