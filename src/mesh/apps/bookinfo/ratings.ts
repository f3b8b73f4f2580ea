/**
 * Bookinfo `ratings` (Istio samples/bookinfo/src/ratings/ratings.js, Node.js on 9080): the star
 * ratings per reviewer. Node's http module sends these bodies chunked, so ours are too.
 */
import type { HttpResponse } from '../../net/http/message.ts';
import { fromUtf8, makeResponse } from '../../net/http/message.ts';
import type { ServerRequest } from '../../net/http/server.ts';
import type { ContainerProgram, HostContext } from '../../runtime/host.ts';
import { ms } from '../../types.ts';
import { listenOrCrash } from '../app-server.ts';

export const RATINGS_PORT = 9080;

/** What Node's `res.writeHead(status, {'Content-type': …}); res.end(body)` puts on the wire. */
function nodeJson(status: number, value: unknown): HttpResponse {
	return makeResponse(status, JSON.stringify(value), [
		['Content-type', 'application/json'],
		['Connection', 'keep-alive'],
		['Keep-Alive', 'timeout=5'],
		['Transfer-Encoding', 'chunked']
	]);
}

export interface RatingsState {
	/** Ratings posted by users (the sample keeps them in memory). */
	readonly added: Map<number, unknown>;
}

function localRatings(state: RatingsState, id: number): unknown {
	return state.added.get(id) ?? { id, ratings: { Reviewer1: 5, Reviewer2: 4 } };
}

const RATINGS_PATH = /^\/ratings\/[0-9]*/;

export async function handleRatings(
	ctx: HostContext,
	state: RatingsState,
	req: ServerRequest
): Promise<HttpResponse> {
	await ctx.clock.sleep(ms(1));
	const id = parseInt(req.target.split('/').pop() ?? '', 10);
	if (req.method === 'GET' && req.path === '/health') {
		return nodeJson(200, { status: 'Ratings is healthy' });
	}
	if (RATINGS_PATH.test(req.target) && (req.method === 'GET' || req.method === 'POST')) {
		if (Number.isNaN(id)) return nodeJson(400, { error: 'please provide numeric product ID' });
		if (req.method === 'GET') return nodeJson(200, localRatings(state, id));
		let ratings: unknown;
		try {
			ratings = JSON.parse(fromUtf8(req.body));
		} catch {
			return nodeJson(400, { error: 'please provide valid ratings JSON' });
		}
		state.added.set(id, { id, ratings });
		return nodeJson(200, localRatings(state, id));
	}
	// httpdispatcher's fallback for a route it does not know.
	return makeResponse(404, 'Page Not Found!', [
		['Content-Type', 'text/plain'],
		['Transfer-Encoding', 'chunked']
	]);
}

export function ratingsProgram(): ContainerProgram {
	const state: RatingsState = { added: new Map() };
	return {
		async start(ctx, container) {
			const name = container.name;
			listenOrCrash(ctx, RATINGS_PORT, (req) => {
				// ratings.js logs every request before dispatching it.
				ctx.log(name, `${req.method} ${req.target}`);
				return handleRatings(ctx, state, req);
			});
			ctx.log(name, `Server listening on: http://0.0.0.0:${RATINGS_PORT}`);
		},
		binaries: {}
	};
}
