/**
 * istiod's monitoring port 15014: `/version` (what `istioctl version` reads), `/metrics`, and
 * the debug mux (src/mesh/istiod/debug.ts). One Go ServeMux: a path nothing is registered on
 * gets Go's `404 page not found`.
 */
import type { Istiod } from '../../istiod/istiod.ts';
import type { ClusterDebugInfo } from '../../istiod/remote-secrets.ts';
import { handleDebug, NOT_FOUND } from '../../istiod/debug.ts';
import { istioBuildString } from '../../istio/version.ts';
import { makeResponse } from '../../net/http/message.ts';
import type { HttpHandler } from '../../net/http/server.ts';
import type { HostContext } from '../../runtime/host.ts';
import { listenOrCrash } from '../app-server.ts';

const TEXT = 'text/plain; charset=utf-8';

/**
 * Listens on 15014; `istiod()` is undefined until the CA exists (no proxy is connected then).
 * `clusters()` is the remote secrets controller's ListRemoteClusters for `/debug/clusterz`
 * (undefined before it starts: debug.go's 400).
 */
export function listenMonitoring(
	ctx: HostContext,
	istiod: () => Istiod | undefined,
	clusters: () => readonly ClusterDebugInfo[] | undefined = () => undefined
): void {
	const handler: HttpHandler = (req) => {
		if (req.path === '/debug/clusterz') {
			const list = clusters();
			return list
				? makeResponse(200, JSON.stringify(list), [['Content-Type', 'application/json']])
				: makeResponse(400, '', [['Content-Type', TEXT]]);
		}
		const plain: Record<string, () => string> = {
			'/version': istioBuildString,
			'/metrics': () => ''
		};
		const simple = plain[req.path];
		if (simple) return makeResponse(200, simple(), [['Content-Type', TEXT]]);
		const running = istiod();
		const r =
			(running
				? running.debug(req.path, req.query)
				: handleDebug(undefined, req.path, req.query)) ?? NOT_FOUND;
		return makeResponse(r.status, r.body, [['Content-Type', r.contentType]]);
	};
	listenOrCrash(ctx, 15014, handler);
}
