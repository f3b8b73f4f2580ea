/**
 * example.com on the simulated internet (net/internet.ts): IANA's reserved example domain, whose
 * server answers every path of a GET or HEAD with the same short page.
 */
import { makeResponse, type HttpResponse } from '../net/http/message.ts';
import type { ServerRequest } from '../net/http/server.ts';
import type { ContainerProgram } from '../runtime/host.ts';
import { listenOrCrash } from './app-server.ts';

export const EXAMPLE_DOMAIN_PAGE = `<!doctype html><html lang="en"><head><title>Example Domain</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><div><h1>Example Domain</h1><p>This domain is for use in documentation examples without needing permission. Avoid use in operations.</p><p><a href="https://iana.org/domains/example">Learn more</a></p></div></body></html>
`;

export function handleExampleDomain(req: ServerRequest): HttpResponse {
	const method = req.method.toUpperCase();
	if (method !== 'GET' && method !== 'HEAD') return makeResponse(405, '', []);
	return makeResponse(200, EXAMPLE_DOMAIN_PAGE, [['Content-Type', 'text/html']]);
}

export function exampleDomainProgram(): ContainerProgram {
	return {
		async start(ctx) {
			listenOrCrash(ctx, 80, (req) => handleExampleDomain(req), {});
		},
		binaries: {}
	};
}
