/**
 * Reaching the server (curl's lib/connect.c and lib/vtls): resolve the name, open TCP within
 * the tighter of the connect and overall budgets, then run TLS for https. Failures are values.
 */
import type { IpAddr } from '../../types.ts';
import { ms } from '../../types.ts';
import { wait } from '../../clock.ts';
import { RESOLVER_TIMEOUT } from '../dns.ts';
import { isConnectError, type ConnectError, type Socket } from '../socket.ts';
import type {
	HttpClientContext,
	HttpClientError,
	HttpRequestOptions,
	TraceInProgress
} from './client-api.ts';
import type { ParsedUrl } from './url.ts';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const LOCALHOST6 = '::1' as IpAddr;

/** A local port for a refused attempt that no socket kept: fixed by time and port, no Rng draw. */
function ephemeralPort(now: number, port: number): number {
	return 32768 + ((Math.floor(now) * 7919 + port * 104729) % 28232);
}

/**
 * The connected (and, for https, secured) stream. `remaining` is what is left of the overall
 * budget now (undefined: none). Fills in the trace's address, connect time and local end.
 */
export async function connectTo(
	ctx: HttpClientContext,
	url: ParsedUrl,
	options: HttpRequestOptions,
	remaining: () => number | undefined,
	trace: TraceInProgress
): Promise<Socket | HttpClientError> {
	const budgets = [options.connectTimeout, remaining()].filter((x) => x !== undefined);
	const resolveBudget = budgets.length > 0 ? Math.min(...budgets) : undefined;
	const answer = IPV4.test(url.host)
		? { type: 'address' as const, ip: url.host as IpAddr }
		: ctx.dns.resolve(url.host);
	if (answer.type === 'no-server' && !answer.refused) {
		// The resolver's own timeout, unless curl's budget ends first (lib/multi.c: the handle
		// times out while still resolving).
		if (resolveBudget !== undefined && resolveBudget < RESOLVER_TIMEOUT) {
			await wait(ctx.clock, ms(resolveBudget));
			return { type: 'resolve-timeout' };
		}
		await wait(ctx.clock, RESOLVER_TIMEOUT);
		return { type: 'dns', host: url.host };
	}
	// NXDOMAIN, or kube-dns refused on the connected socket c-ares and glibc query from.
	if (answer.type !== 'address') return { type: 'dns', host: url.host };
	const ip = answer.ip;
	trace.ip = ip;

	const connectBudget = budgets.length > 0 ? ms(Math.min(...budgets)) : undefined;
	const timeout = connectBudget === undefined ? undefined : { timeout: connectBudget };
	let socket: Socket | ConnectError | undefined;
	if (url.host === 'localhost') {
		// `/etc/hosts` gives localhost ::1 too, which curl tries first (lib/cf-ip-happy.c); the
		// next family follows at once when it is refused.
		trace.ipv6 = LOCALHOST6;
		const six = await ctx.net.connect({ ip: LOCALHOST6, port: url.port }, timeout);
		if (!isConnectError(six)) {
			trace.ip = LOCALHOST6;
			socket = six;
		} else trace.ipv6RefusedFrom = ephemeralPort(ctx.clock.now(), url.port);
	}
	socket ??= await ctx.net.connect({ ip, port: url.port }, timeout);
	if (isConnectError(socket)) {
		return socket.type === 'timeout'
			? { type: 'connect-timeout', kernel: connectBudget === undefined }
			: { type: 'connect', reason: socket.type };
	}
	trace.connectedAt = ctx.clock.now();
	trace.local = socket.local;
	if (url.scheme !== 'https') return socket;
	if (!options.tls) {
		socket.reset();
		return { type: 'tls' };
	}
	const secured = await options.tls(socket, url.host);
	if ('type' in secured && secured.type === 'tls-failure') return secured;
	return secured as Socket;
}
