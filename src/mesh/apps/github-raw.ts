/**
 * raw.githubusercontent.com on the simulated internet (net/internet.ts): the documents of
 * net/public-documents.ts as text/plain, GitHub's `404: Not Found` for any other path.
 */
import { makeResponse, type HttpResponse } from '../net/http/message.ts';
import type { ServerRequest } from '../net/http/server.ts';
import { githubRawDocument } from '../net/public-documents.ts';
import type { ContainerProgram } from '../runtime/host.ts';
import { listenOrCrash } from './app-server.ts';

export function handleGithubRaw(req: ServerRequest): HttpResponse {
	const method = req.method.toUpperCase();
	if (method !== 'GET' && method !== 'HEAD') return makeResponse(405, '', []);
	const body = githubRawDocument(req.path);
	const type: [string, string] = ['Content-Type', 'text/plain; charset=utf-8'];
	return body === undefined
		? makeResponse(404, '404: Not Found', [type])
		: makeResponse(200, body, [type]);
}

export function githubRawProgram(): ContainerProgram {
	return {
		async start(ctx) {
			listenOrCrash(ctx, 80, (req) => handleGithubRaw(req), {});
		},
		binaries: {}
	};
}
