/**
 * The fortio image (`fortio/fortio:latest_release`, samples/httpbin/sample-client/
 * fortio-deploy.yaml): its server (`fortio server`, the image's CMD: the echo server on 8080,
 * gRPC ping on 8079) and the `fortio` binary `kubectl exec` runs (`/usr/bin/fortio`):
 * `load` (load.ts) and `curl` (one fetch: headers to stderr, body to stdout, exit 1 unless 200),
 * with Go's flag parsing (`-flag value`, `-flag=value`, `--flag`); an unknown flag or command
 * fails as fortio does. The echo server answers every path with 200 and the request body (its
 * UI, `/debug`, and the many server options are not simulated).
 */
import { fromUtf8, makeResponse, responseHead } from '../../net/http/message.ts';
import type { Binary, ContainerProgram, ExecIO, HostContext } from '../../runtime/host.ts';
import { listenOrCrash } from '../app-server.ts';
import { FastClient, FORTIO_VERSION, parseFortioUrl } from './client.ts';
import { runLoad } from './load.ts';
import { LEVELS, jsonLogLine } from './log.ts';

const COMMANDS = ['load', 'curl', 'server', 'version'];
/** Flags that take a value, and the boolean ones, of those simulated. */
const VALUE_FLAGS = new Set(['c', 'qps', 'n', 't', 'loglevel', 'p', 'r', 'timeout', 'H']);
const BOOL_FLAGS = new Set(['quiet', 'curl', 'k', 'stdclient']);

interface Parsed {
	readonly values: Map<string, string>;
	readonly bools: Set<string>;
	readonly args: string[];
}

/** Go's flag package: stops at the first non-flag argument or `--`. */
function parseFlags(argv: readonly string[]): Parsed | string {
	const values = new Map<string, string>();
	const bools = new Set<string>();
	let i = 0;
	for (; i < argv.length; i++) {
		const a = argv[i] ?? '';
		if (a === '--') {
			i++;
			break;
		}
		if (!a.startsWith('-') || a === '-') break;
		const body = a.replace(/^--?/, '');
		const eq = body.indexOf('=');
		const name = eq < 0 ? body : body.slice(0, eq);
		if (BOOL_FLAGS.has(name)) {
			bools.add(name);
			continue;
		}
		if (!VALUE_FLAGS.has(name)) return `flag provided but not defined: -${name}`;
		const value = eq < 0 ? argv[++i] : body.slice(eq + 1);
		if (value === undefined) return `flag needs an argument: -${name}`;
		values.set(name, value);
	}
	return { values, bools, args: argv.slice(i) };
}

function intFlag(p: Parsed, name: string, fallback: number): number | string {
	const v = p.values.get(name);
	if (v === undefined) return fallback;
	const n = Number(v);
	return Number.isInteger(n) ? n : `invalid value "${v}" for flag -${name}: parse error`;
}

/** fortio.org/cli's usage line then the message (ErrUsage, exit 1; the flag list is left out). */
function usageError(io: ExecIO, message: string, code = 1): number {
	io.stderr(
		`Φορτίο ${FORTIO_VERSION} usage:\n\tfortio command [flags] target\nor 1 of the special arguments\n\tfortio {help, envhelp, version, buildinfo}\n${message}\n`
	);
	return code;
}

/** `fortio curl URL`: the response head on stderr, its body on stdout (bincommon.FetchURL). */
async function curl(ctx: HostContext, io: ExecIO, raw: string): Promise<number> {
	const url = parseFortioUrl(raw);
	if (!url) return usageError(io, `Error: invalid url ${raw}`);
	const client = new FastClient(ctx, url);
	const r = await client.fetch();
	client.close();
	if (r.response) {
		io.stderr(responseHead(r.response));
		io.stdout(fromUtf8(r.response.body));
	}
	if (r.code === 200) return 0;
	// bincommon.FetchURL: `log.Errf("Error status %d", code)` (Error shows even with -quiet).
	io.stderr(
		jsonLogLine(ctx.clock.now(), 'err', 1, ['commonflags.go', 160], `Error status ${r.code}`)
	);
	return 1;
}

export const fortio: Binary = async (argv, io, ctx) => {
	const command = argv[1];
	if (command === undefined) return usageError(io, 'Missing command argument');
	if (!COMMANDS.includes(command)) return usageError(io, `Error: unknown command "${command}"`);
	if (command === 'version') {
		io.stdout(`${FORTIO_VERSION}\n`);
		return 0;
	}
	if (command === 'server')
		return usageError(io, "Error: the fortio server already runs as the container's main process");
	const parsed = parseFlags(argv.slice(2));
	// Go's flag package (ExitOnError) exits 2 on a bad flag.
	if (typeof parsed === 'string') return usageError(io, parsed, 2);
	let level = 2; // Info
	const quiet = parsed.bools.has('quiet');
	if (quiet) level = 4;
	const wanted = parsed.values.get('loglevel');
	if (wanted !== undefined) {
		const idx = LEVELS.findIndex((l) => l.toLowerCase() === wanted.trim().toLowerCase());
		if (idx < 0)
			return usageError(
				io,
				`invalid value "${wanted}" for flag -loglevel: invalid log level, must be one of ${LEVELS.join(', ')}`
			);
		if (idx !== level && level <= 2)
			io.stderr(
				jsonLogLine(
					ctx.clock.now(),
					'info',
					1,
					['logger.go', 321],
					`Log level is now ${idx} ${LEVELS[idx]} (was ${level} ${LEVELS[level]})`
				)
			);
		level = idx;
	}
	if (parsed.args.length !== 1)
		return usageError(io, 'Error: fortio load/curl needs a URL or destination');
	const raw = parsed.args[0] ?? '';
	if (command === 'curl' || parsed.bools.has('curl')) return curl(ctx, io, raw);
	const url = parseFortioUrl(raw);
	if (!url) return usageError(io, `Error: invalid url ${raw}`);
	const threads = intFlag(parsed, 'c', 4);
	const calls = intFlag(parsed, 'n', 0);
	const qps = Number(parsed.values.get('qps') ?? '8');
	if (typeof threads === 'string') return usageError(io, threads);
	if (typeof calls === 'string') return usageError(io, calls);
	if (calls <= 0 || qps > 0 || parsed.values.has('t'))
		return usageError(
			io,
			'Error: only `-qps 0 -n <calls>` (max qps, exact calls) is simulated in Mesh Playground'
		);
	return runLoad(
		ctx,
		{
			url,
			rawUrl: raw,
			threads: Math.max(1, threads),
			calls,
			qps,
			warnings: level <= 3,
			info: level <= 2,
			procs: 2
		},
		(s) => io.stderr(s)
	);
};

/** `fortio server`: the echo server on 8080 (every path: 200, the request's body). */
export function fortioProgram(): ContainerProgram {
	return {
		async start(ctx) {
			listenOrCrash(ctx, 8080, (req) =>
				makeResponse(200, req.body, [['content-type', 'application/octet-stream']])
			);
		},
		binaries: { fortio }
	};
}
