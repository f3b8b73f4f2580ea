/**
 * Bookinfo `details` (Istio samples/bookinfo/src/details/details.rb, a Ruby WEBrick server on
 * 9080): the book's details as JSON. Our own code; the wire behaviour follows the sample.
 */
import type { HttpResponse } from '../../net/http/message.ts';
import { makeResponse } from '../../net/http/message.ts';
import type { ServerRequest } from '../../net/http/server.ts';
import type { ContainerProgram, HostContext } from '../../runtime/host.ts';
import { ms } from '../../types.ts';
import { clfTime, jsonResponse, listenOrCrash } from '../app-server.ts';

export const DETAILS_PORT = 9080;
const SERVER = 'WEBrick/1.4.2 (Ruby/2.7.1/2020-03-31)';

/** Ruby's Hash#to_json: compact, keys in insertion order. */
export function bookDetails(id: number): Record<string, unknown> {
	return {
		id,
		author: 'William Shakespeare',
		year: 1595,
		type: 'paperback',
		pages: 200,
		publisher: 'PublisherA',
		language: 'English',
		'ISBN-10': '1234567890',
		'ISBN-13': '123-1234567890'
	};
}

const NOT_FOUND = `<HTML>
  <HEAD><TITLE>Not Found</TITLE></HEAD>
  <BODY>
    <H1>Not Found</H1>
    \`PATH' not found.
    <HR>
    <ADDRESS>
     ${SERVER} at 0.0.0.0:9080
    </ADDRESS>
  </BODY>
</HTML>
`;

/**
 * The 200 for book `id`. The last one is kept: the same book is asked for again and again (every
 * productpage view asks for book 0), and a response is never written to once built.
 */
let lastDetails: { readonly id: number; readonly response: HttpResponse } | undefined;
function detailsResponse(id: number): HttpResponse {
	if (lastDetails?.id === id) return lastDetails.response;
	const response = jsonResponse(200, JSON.stringify(bookDetails(id)));
	lastDetails = { id, response };
	return response;
}

export async function handleDetails(ctx: HostContext, req: ServerRequest): Promise<HttpResponse> {
	await ctx.clock.sleep(ms(1));
	if (req.path === '/health') {
		return jsonResponse(200, JSON.stringify({ status: 'Details is healthy' }));
	}
	// WEBrick's mount_proc '/details' matches the prefix; the id is the last path segment.
	if (req.path === '/details' || req.path.startsWith('/details/')) {
		const last = req.path.slice(req.path.lastIndexOf('/') + 1);
		if (!/^[+-]?\d+$/.test(last)) {
			return jsonResponse(400, JSON.stringify({ error: 'please provide numeric product id' }));
		}
		return detailsResponse(Number(last));
	}
	return makeResponse(404, NOT_FOUND.replace('PATH', req.path), [
		['Content-Type', 'text/html; charset=ISO-8859-1']
	]);
}

export function detailsProgram(): ContainerProgram {
	return {
		async start(ctx, container) {
			const name = container.name;
			ctx.log(name, `[${clfTime(ctx.clock.now())}] INFO  WEBrick 1.4.2`);
			ctx.log(name, `[${clfTime(ctx.clock.now())}] INFO  ruby 2.7.1 (2020-03-31) [x86_64-linux]`);
			listenOrCrash(ctx, DETAILS_PORT, (req) => handleDetails(ctx, req), {
				defaultHeaders: [['Server', SERVER]],
				onResponse(req, res, at) {
					ctx.log(
						name,
						`${req.remote.ip} - - [${clfTime(at)} UTC] "${req.method} ${req.target} ${req.version}" ${res.status} ${res.body.length}`
					);
				}
			});
			ctx.log(
				name,
				`[${clfTime(ctx.clock.now())}] INFO  WEBrick::HTTPServer#start: pid=1 port=${DETAILS_PORT}`
			);
		},
		binaries: {}
	};
}
