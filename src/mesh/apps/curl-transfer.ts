/**
 * One URL's transfer as curl's tool_operate.c runs it: a request, then again after a transient
 * failure (`--retry`, doubling the wait) or to follow a redirect (`-L`, up to `--max-redirs`),
 * each hop kept for the output. `-m` bounds one attempt, redirects included.
 */
import { getHeader } from '../net/http/message.ts';
import { isUrlError, parseUrl } from '../net/http/url.ts';
import type { ExecIO, HostContext } from '../runtime/host.ts';
import { ms } from '../types.ts';
import type { CurlOptions } from './curl-args.ts';
import type { CurlBuild } from './curl-report.ts';
import { bodyData, oneRequest, resolvedUrl, type Hop } from './curl-request.ts';

/** Statuses `--retry` treats as transient (curl: 408, 429, 500, 502, 503, 504). */
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Why `--retry` would try again (tool_operate.c retrycheck), or undefined. */
function retryReason(o: CurlOptions, hop: Hop): string | undefined {
	const res = hop.result?.type === 'response' ? hop.result.response : undefined;
	if (hop.code === 28 || hop.code === 6) return ': timeout';
	if (hop.code === 7 && o.retryConnrefused) return ': connection refused';
	if (res && RETRY_STATUS.has(res.status)) return ': HTTP error';
	if (hop.code !== 0 && o.retryAllErrors) return '(retrying all errors)';
	return undefined;
}

/** What a transfer did: its hops in order, the last hop's method, and what it warned on stderr. */
export interface Transfer {
	readonly hops: readonly Hop[];
	readonly method: string;
	readonly stderr: string;
}

export async function performTransfer(
	ctx: HostContext,
	o: CurlOptions,
	io: ExecIO,
	urlText: string,
	build: CurlBuild
): Promise<Transfer> {
	const budget = (): number | undefined =>
		o.maxTime === undefined ? undefined : ctx.clock.now() + o.maxTime * 1000;
	let deadline = budget();
	const warnings: string[] = [];
	const body = bodyData(o, io, (s) => warnings.push(s));
	let method = o.method ?? (o.head ? 'HEAD' : body !== undefined && !o.get ? 'POST' : 'GET');
	const hops: Hop[] = [];
	let url = urlText;
	let sendBody = body;
	let retriesLeft = o.retry;
	let retryDelay = 1000;
	let stderr = warnings.join('');
	for (;;) {
		const hop = await oneRequest(ctx, o, url, method, sendBody, deadline, build);
		const res = hop.result?.type === 'response' ? hop.result.response : undefined;
		const why = retryReason(o, hop);
		if (why !== undefined && retriesLeft > 0) {
			const secs = retryDelay / 1000;
			stderr += `Warning: Problem ${why}. Will retry in ${secs} second${secs === 1 ? '' : 's'}. ${retriesLeft} retr${retriesLeft === 1 ? 'y' : 'ies'} left.\n`;
			retriesLeft--;
			await ctx.clock.sleep(ms(retryDelay));
			retryDelay = Math.min(retryDelay * 2, 600_000);
			deadline = budget();
			continue;
		}
		hops.push(hop);
		const location = res ? getHeader(res.headers, 'location') : undefined;
		if (o.location && res && res.status >= 300 && res.status < 400 && location !== undefined) {
			if (hops.length > o.maxRedirs) {
				hops.push({ ...hop, code: 47, message: `Maximum (${o.maxRedirs}) redirects followed` });
				break;
			}
			const base = parseUrl(url);
			if (!isUrlError(base)) {
				url = resolvedUrl(base, location);
				if ([301, 302, 303].includes(res.status) && method !== 'HEAD' && o.method === undefined) {
					method = 'GET';
					sendBody = undefined;
				}
				continue;
			}
		}
		break;
	}
	return { hops, method, stderr };
}
