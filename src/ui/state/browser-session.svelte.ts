/**
 * The playground's browser tab: an address, back/forward history, cookies, and the page on show.
 * It reaches only `localhost` ports that `kubectl port-forward` listens on, and tells the learner
 * so the way Chrome would ("This site can't be reached … ERR_CONNECTION_REFUSED").
 */
import type { ForwardOutcome } from '../../shell/port-forward-registry.ts';
import {
	header,
	LOCAL_HOSTS,
	parseAddress,
	parseResponse,
	requestBytes,
	setCookies,
	type Address,
	type BrowserResponse
} from '../browser/http.ts';
import { CookieJar } from '../browser/cookies.ts';

export type Connect = (port: number, request: Uint8Array) => Promise<ForwardOutcome>;
type Url = Extract<Address, { type: 'url' }>;

export type BrowserPage =
	| { readonly type: 'blank' }
	| { readonly type: 'html'; readonly url: string; readonly html: string; readonly status: number }
	| { readonly type: 'text'; readonly url: string; readonly text: string; readonly status: number }
	| {
			readonly type: 'error';
			readonly url: string;
			readonly title: string;
			readonly detail: string;
			readonly code: string;
			/** What to do about it in the playground. */
			readonly hint?: string;
	  };

export interface Navigation {
	readonly method?: 'GET' | 'POST';
	readonly body?: string;
	/** Replace the current history entry (reload) instead of pushing one. */
	readonly replace?: boolean;
}

export const DEFAULT_ADDRESS = 'http://localhost:9080/productpage';
const MAX_REDIRECTS = 10;

const portForwardHint = (port: number): string =>
	`Nothing listens on localhost:${port}. Forward a port to a pod first, e.g. kubectl port-forward svc/productpage ${port}:9080`;

function errorPage(
	url: string,
	code: string,
	title: string,
	detail: string,
	hint?: string
): BrowserPage {
	return { type: 'error', url, title, detail, code, ...(hint ? { hint } : {}) };
}

/** Chromium keeps 50 entries of a tab's session history (kMaxSessionHistoryEntries). */
export const MAX_HISTORY_ENTRIES = 50;

export class BrowserSession {
	address = $state(DEFAULT_ADDRESS);
	page = $state.raw<BrowserPage>({ type: 'blank' });
	loading = $state(false);
	#back: string[] = [];
	#forward: string[] = [];
	canGoBack = $state(false);
	canGoForward = $state(false);
	readonly #cookies = new CookieJar();
	readonly #connect: Connect;
	/** Counts navigations, so a slow page never replaces a newer one. */
	#generation = 0;

	constructor(connect: Connect) {
		this.#connect = connect;
	}

	get current(): string | undefined {
		return this.page.type === 'blank' ? undefined : this.page.url;
	}

	async navigate(input: string, nav: Navigation = {}): Promise<void> {
		const address = parseAddress(input);
		const previous = this.current;
		if (!nav.replace && previous !== undefined) {
			this.#back.push(previous);
			// The oldest entry goes, as in Chromium: Back stops there.
			if (this.#back.length >= MAX_HISTORY_ENTRIES) this.#back.shift();
			this.#forward = [];
		}
		await this.#load(address, nav);
	}

	/** Follows a link or form inside the page: relative to the page's URL. */
	follow(href: string, nav: Navigation = {}): Promise<void> {
		const base = this.current;
		const address = base ? parseAddress(href, base) : parseAddress(href);
		return this.navigate(address.type === 'url' ? address.href : href, nav);
	}

	async back(): Promise<void> {
		const url = this.#back.pop();
		if (url === undefined) return;
		if (this.current !== undefined) this.#forward.push(this.current);
		await this.#load(parseAddress(url), {});
	}

	async forward(): Promise<void> {
		const url = this.#forward.pop();
		if (url === undefined) return;
		if (this.current !== undefined) this.#back.push(this.current);
		await this.#load(parseAddress(url), {});
	}

	reload(): Promise<void> {
		return this.navigate(this.current ?? this.address, { replace: true });
	}

	/** One request through the forward, for the page and its stylesheets and images. */
	async fetch(address: Url, nav: Navigation = {}): Promise<BrowserResponse | BrowserPage> {
		const href = address.href;
		if (!LOCAL_HOSTS.has(address.host))
			return errorPage(
				href,
				'DNS_PROBE_FINISHED_NXDOMAIN',
				'This site can’t be reached',
				`Check if there is a typo in ${address.host}.`,
				'The playground’s browser reaches only localhost ports opened with kubectl port-forward.'
			);
		if (address.scheme === 'https')
			return errorPage(
				href,
				'ERR_SSL_PROTOCOL_ERROR',
				'This site can’t provide a secure connection',
				`${address.host} sent an invalid response.`
			);
		const cookie = this.#cookies.header(address.port);
		const request = requestBytes({
			method: nav.method ?? 'GET',
			address,
			...(cookie ? { cookie } : {}),
			...(nav.body !== undefined ? { body: nav.body } : {})
		});
		const outcome = await this.#connect(address.port, request);
		if (outcome.type === 'no-forward')
			return errorPage(
				href,
				'ERR_CONNECTION_REFUSED',
				'This site can’t be reached',
				`${address.host} refused to connect.`,
				portForwardHint(address.port)
			);
		// 'dropped' is a kubelet probe's outcome only; a port-forward never meets the node's filter.
		if (outcome.type === 'refused' || outcome.type === 'dropped')
			return errorPage(
				href,
				'ERR_EMPTY_RESPONSE',
				'This page isn’t working',
				`${address.host} didn’t send any data.`,
				'kubectl accepted the connection, but nothing listens on that port in the pod: see the terminal.'
			);
		if (outcome.type === 'too-large')
			return errorPage(
				href,
				'ERR_RESPONSE_TOO_LARGE',
				'This page isn’t working',
				`${address.host} sent more than ${outcome.limit / (1024 * 1024)} MiB; this browser shows pages up to that size.`
			);
		if (outcome.type === 'reset' && outcome.bytes.length === 0)
			return errorPage(
				href,
				'ERR_CONNECTION_RESET',
				'This site can’t be reached',
				'The connection was reset.'
			);
		const res = parseResponse(outcome.bytes);
		if ('type' in res)
			return res.type === 'empty'
				? errorPage(
						href,
						'ERR_EMPTY_RESPONSE',
						'This page isn’t working',
						`${address.host} didn’t send any data.`
					)
				: errorPage(
						href,
						'ERR_INVALID_HTTP_RESPONSE',
						'This page isn’t working',
						`${address.host} sent an invalid response.`
					);
		this.#cookies.set(address.port, setCookies(res));
		return res;
	}

	async #load(address: Address, nav: Navigation): Promise<void> {
		const generation = ++this.#generation;
		this.loading = true;
		try {
			const page = await this.#resolve(address, nav);
			if (generation !== this.#generation) return;
			this.page = page;
			if (page.type !== 'blank') this.address = page.url;
		} finally {
			if (generation === this.#generation) {
				this.loading = false;
				this.canGoBack = this.#back.length > 0;
				this.canGoForward = this.#forward.length > 0;
			}
		}
	}

	async #resolve(first: Address, nav: Navigation): Promise<BrowserPage> {
		let address = first;
		let request = nav;
		for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
			if (address.type === 'invalid')
				return errorPage(
					address.input,
					'ERR_INVALID_URL',
					'This site can’t be reached',
					`The webpage at ${address.input} might be temporarily down or it may have moved permanently to a new web address.`
				);
			const res = await this.fetch(address, request);
			if (!('body' in res)) return res;
			const location = header(res, 'location');
			if ([301, 302, 303, 307, 308].includes(res.status) && location) {
				address = parseAddress(location, address.href);
				// 307/308 repeat the method; the others turn a POST into a GET, as browsers do.
				if (res.status !== 307 && res.status !== 308) request = {};
				continue;
			}
			const type = header(res, 'content-type') ?? 'text/html';
			const text = new TextDecoder().decode(res.body);
			return /html/i.test(type)
				? { type: 'html', url: address.href, html: text, status: res.status }
				: { type: 'text', url: address.href, text, status: res.status };
		}
		return errorPage(
			first.type === 'url' ? first.href : first.input,
			'ERR_TOO_MANY_REDIRECTS',
			'This page isn’t working',
			'It redirected you too many times.'
		);
	}
}
