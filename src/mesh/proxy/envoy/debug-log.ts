/**
 * Envoy's own log lines in an Istio proxy's container log, in the format Istio's bootstrap sets
 * (pkg/bootstrap: `%Y-%m-%dT%T.%fZ\t%l\tenvoy %n %g:%#\t%v\tthread=%t`), written only when the
 * logger's level (`istioctl proxy-config log`, admin `/logging`) lets them through.
 */
import { istioTime } from '../../istio/log.ts';
import type { HostContext } from '../../runtime/host.ts';
import type { EnvoyDebugLog } from '../l7/proxy-inputs.ts';
import type { EnvoyLogging } from './logging.ts';

/**
 * The worker thread Envoy names in `%t`: a proxy's requests are served by one of its few workers;
 * the playground has one, and prints one id.
 */
const WORKER_THREAD = 22;

export function envoyDebugLog(
	ctx: HostContext,
	container: string,
	logging: EnvoyLogging
): EnvoyDebugLog {
	return {
		enabled: (logger, level) => logging.enabled(logger, level),
		write(logger, level, source, message) {
			if (!logging.enabled(logger, level)) return;
			const text = `${istioTime(ctx)}\t${level}\tenvoy ${logger} ${source}\t${message}\tthread=${WORKER_THREAD}`;
			for (const line of text.split('\n')) ctx.log(container, line);
		}
	};
}
