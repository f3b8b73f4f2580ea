/**
 * curl's command line (src/tool_getparam.c): short flags may be combined (`-sSI`), a short
 * flag's value may be glued (`-XPOST`, `-m5`) or follow, long flags take the next argument.
 * Errors use curl's wording and exit code 2.
 */

export interface CurlOptions {
	readonly urls: string[];
	silent: boolean;
	showError: boolean;
	verbose: boolean;
	head: boolean;
	include: boolean;
	/** -D/--dump-header FILE: `-` writes each response's head to stdout; a file discards it. */
	dumpHeader?: string;
	method?: string;
	readonly headers: string[];
	/** -d / --data-* pieces, joined with `&` as curl does. `file`: `@name` reads a file. */
	readonly data: { readonly value: string; readonly file: boolean }[];
	dataSet: boolean;
	json: boolean;
	get: boolean;
	output?: string;
	writeOut?: string;
	/** Seconds. */
	maxTime?: number;
	connectTimeout?: number;
	location: boolean;
	maxRedirs: number;
	fail: boolean;
	failWithBody: boolean;
	retry: number;
	retryConnrefused: boolean;
	retryAllErrors: boolean;
	userAgent?: string;
	user?: string;
	cookie?: string;
	referer?: string;
	noProgress: boolean;
	/** --cacert FILE: the CA bundle to verify the server with, instead of the image's. */
	cacert?: string;
	/** --cert/-E FILE and --key FILE: the client certificate (and its key) for a server that asks. */
	cert?: string;
	key?: string;
	/** --resolve host:port:addr overrides DNS for that host and port. */
	readonly resolve: { host: string; port: number; addr: string }[];
	help: boolean;
	version: boolean;
}

export type CurlArgsError = {
	readonly type: 'usage';
	readonly message: string;
	readonly hint: boolean;
};

type Handler =
	| { readonly arg: false; readonly set: (o: CurlOptions) => void }
	| {
			readonly arg: true;
			readonly set: (o: CurlOptions, v: string, name: string) => string | void;
	  };

const num =
	(apply: (o: CurlOptions, n: number) => void) =>
	(o: CurlOptions, v: string, name: string): string | void => {
		if (!/^\d+(\.\d+)?$/.test(v)) return `option ${name}: expected a proper numerical parameter`;
		apply(o, Number(v));
	};

const data =
	(transform: (v: string) => string, files = true) =>
	(o: CurlOptions, v: string): void => {
		const file = files && v.startsWith('@');
		o.data.push({ value: file ? v.slice(1) : transform(v), file });
		o.dataSet = true;
	};

const flag = (set: (o: CurlOptions) => void): Handler => ({ arg: false, set });
const withArg = (set: (o: CurlOptions, v: string, name: string) => string | void): Handler => ({
	arg: true,
	set
});

const LONG: Record<string, Handler> = {
	silent: flag((o) => (o.silent = true)),
	'show-error': flag((o) => (o.showError = true)),
	verbose: flag((o) => (o.verbose = true)),
	head: flag((o) => (o.head = true)),
	include: flag((o) => (o.include = true)),
	'dump-header': withArg((o, v) => void (o.dumpHeader = v)),
	request: withArg((o, v) => void (o.method = v)),
	header: withArg((o, v) => void o.headers.push(v)),
	data: withArg(data((v) => v)),
	'data-ascii': withArg(data((v) => v)),
	'data-raw': withArg(data((v) => v, false)),
	'data-binary': withArg(data((v) => v)),
	'data-urlencode': withArg(data(urlencodeData, false)),
	json: withArg((o, v) => {
		data((x) => x)(o, v);
		o.json = true;
	}),
	get: flag((o) => (o.get = true)),
	output: withArg((o, v) => void (o.output = v)),
	'write-out': withArg((o, v) => void (o.writeOut = v)),
	'max-time': withArg(num((o, n) => (o.maxTime = n))),
	'connect-timeout': withArg(num((o, n) => (o.connectTimeout = n))),
	location: flag((o) => (o.location = true)),
	'max-redirs': withArg(num((o, n) => (o.maxRedirs = n))),
	fail: flag((o) => (o.fail = true)),
	'fail-with-body': flag((o) => (o.failWithBody = true)),
	retry: withArg(num((o, n) => (o.retry = Math.floor(n)))),
	'user-agent': withArg((o, v) => void (o.userAgent = v)),
	user: withArg((o, v) => void (o.user = v)),
	cookie: withArg((o, v) => void (o.cookie = v)),
	referer: withArg((o, v) => void (o.referer = v)),
	url: withArg((o, v) => void o.urls.push(v)),
	resolve: withArg((o, v, name) => {
		const m = /^([^:]+):(\d+):(.+)$/.exec(v);
		if (!m) return `option ${name}: the given format is wrong`;
		o.resolve.push({ host: (m[1] ?? '').toLowerCase(), port: Number(m[2]), addr: m[3] ?? '' });
	}),
	'no-progress-meter': flag((o) => (o.noProgress = true)),
	cacert: withArg((o, v) => void (o.cacert = v)),
	cert: withArg((o, v) => void (o.cert = v)),
	key: withArg((o, v) => void (o.key = v)),
	help: flag((o) => (o.help = true)),
	version: flag((o) => (o.version = true)),
	// Accepted and without effect here: TLS, IP family, protocol version and compression knobs.
	insecure: flag(() => {}),
	ipv4: flag(() => {}),
	'http1.1': flag(() => {}),
	compressed: flag(() => {}),
	'no-buffer': flag(() => {}),
	'no-keepalive': flag(() => {}),
	'retry-connrefused': flag((o) => (o.retryConnrefused = true)),
	'retry-all-errors': flag((o) => (o.retryAllErrors = true)),
	'retry-delay': withArg(num(() => {})),
	'retry-max-time': withArg(num(() => {}))
};

const SHORT: Record<string, string> = {
	s: 'silent',
	S: 'show-error',
	v: 'verbose',
	I: 'head',
	i: 'include',
	X: 'request',
	H: 'header',
	d: 'data',
	G: 'get',
	o: 'output',
	D: 'dump-header',
	w: 'write-out',
	m: 'max-time',
	L: 'location',
	f: 'fail',
	A: 'user-agent',
	u: 'user',
	b: 'cookie',
	e: 'referer',
	k: 'insecure',
	'4': 'ipv4',
	N: 'no-buffer',
	h: 'help',
	V: 'version',
	E: 'cert',
	q: 'no-progress-meter'
};

/** `--data-urlencode name=value` encodes only the value; a bare value is encoded whole. */
function urlencodeData(v: string): string {
	const eq = v.indexOf('=');
	if (eq === -1) return encodeURIComponent(v);
	return `${v.slice(0, eq)}=${encodeURIComponent(v.slice(eq + 1))}`;
}

function defaults(): CurlOptions {
	return {
		urls: [],
		silent: false,
		showError: false,
		verbose: false,
		head: false,
		include: false,
		headers: [],
		data: [],
		dataSet: false,
		json: false,
		get: false,
		location: false,
		maxRedirs: 50,
		fail: false,
		failWithBody: false,
		retry: 0,
		retryConnrefused: false,
		retryAllErrors: false,
		noProgress: false,
		resolve: [],
		help: false,
		version: false
	};
}

const usage = (message: string, hint = true): CurlArgsError => ({ type: 'usage', message, hint });

/** Parses `argv` without the program name. */
export function parseCurlArgs(argv: readonly string[]): CurlOptions | CurlArgsError {
	const o = defaults();
	let onlyUrls = false;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] ?? '';
		if (onlyUrls || !a.startsWith('-') || a === '-') {
			o.urls.push(a);
			continue;
		}
		if (a === '--') {
			onlyUrls = true;
			continue;
		}
		if (a.startsWith('--')) {
			let name = a.slice(2);
			// `--no-<flag>` switches a boolean flag off (`--no-silent`), as curl allows.
			const negated = name.startsWith('no-') && !(name in LONG) && name.slice(3) in LONG;
			if (negated) name = name.slice(3);
			const h = LONG[name];
			if (!h) return usage(`option ${a}: is unknown`);
			if (!h.arg) {
				if (negated) continue;
				h.set(o);
				continue;
			}
			const v = argv[i + 1];
			if (v === undefined) return usage(`option ${a}: requires parameter`);
			i++;
			const err = h.set(o, v, a);
			if (err) return usage(err);
			continue;
		}
		// A group of short flags: `-sSI`, `-so/dev/null`, `-XPOST`.
		for (let j = 1; j < a.length; j++) {
			const c = a[j] ?? '';
			const long = SHORT[c];
			const h = long === undefined ? undefined : LONG[long];
			if (!h) return usage(`option -${c}: is unknown`);
			if (!h.arg) {
				h.set(o);
				continue;
			}
			let v = a.slice(j + 1);
			if (v === '') {
				const next = argv[i + 1];
				if (next === undefined) return usage(`option -${c}: requires parameter`);
				v = next;
				i++;
			}
			const err = h.set(o, v, `-${c}`);
			if (err) return usage(err);
			break;
		}
	}
	if (o.help || o.version) return o;
	if (o.urls.length === 0) return usage('no URL specified');
	return o;
}

export function isCurlArgsError(x: CurlOptions | CurlArgsError): x is CurlArgsError {
	return 'type' in x;
}
