/**
 * `pilot-agent request <method> <path> [<body>]` in the proxyv2 image (pilot/cmd/pilot-agent/app/
 * request.go, pilot/pkg/request/command.go): one HTTP request to the proxy's own Envoy admin on
 * localhost:15000 (`--debug-port` 15000, 15020, 15021 or 15004), its body printed with a newline
 * (Go's fmt.Println); a status above 399 other than 404 is an error. Only `request` is here: the
 * container's own `proxy …` process is started by kubelet, not by exec.
 */
import { httpRequest } from '../../net/http/client.ts';
import { fromUtf8 } from '../../net/http/message.ts';
import type { Binary } from '../../runtime/host.ts';

const ALLOWED_PORTS = [15000, 15004, 15020, 15021];

function fail(io: { stderr(s: string): void }, message: string): number {
	io.stderr(`Error: ${message}\n`);
	return 1;
}

export const pilotAgent: Binary = async (argv, io, ctx) => {
	const [command, ...rest] = argv.slice(1);
	if (command === undefined) return fail(io, 'a subcommand is required (request)');
	if (command !== 'request') return fail(io, `unknown command "${command}" for "pilot-agent"`);
	let port = 15000;
	const args: string[] = [];
	for (let i = 0; i < rest.length; i++) {
		const a = rest[i] ?? '';
		const eq = a.startsWith('--debug-port=') ? a.slice('--debug-port='.length) : undefined;
		if (a === '--debug-port' || eq !== undefined) {
			const value = eq ?? rest[++i];
			if (value === undefined) return fail(io, 'flag needs an argument: --debug-port');
			if (!/^-?\d+$/.test(value))
				return fail(
					io,
					`invalid argument "${value}" for "--debug-port" flag: strconv.ParseInt: parsing "${value}": invalid syntax`
				);
			port = Number(value);
		} else if (a.startsWith('-') && a !== '-') {
			return fail(io, `unknown flag: ${a.split('=')[0] ?? a}`);
		} else args.push(a);
	}
	if (args.length < 2) return fail(io, `requires at least 2 arg(s), only received ${args.length}`);
	if (!ALLOWED_PORTS.includes(port))
		return fail(io, `debug port ${port} is not in allowed list [${ALLOWED_PORTS.join(' ')}]`);
	const [method = '', path = '', body = ''] = args;
	const url = `http://localhost:${port}/${path.replace(/^\//, '')}`;
	const r = await httpRequest(ctx, { method, url, body });
	if (r.type === 'error')
		return fail(
			io,
			`${method[0]?.toUpperCase() ?? ''}${method.slice(1).toLowerCase()} "${url}": dial tcp 127.0.0.1:${port}: connect: connection refused`
		);
	const text = fromUtf8(r.response.body);
	if (r.response.status > 399 && r.response.status !== 404)
		return fail(io, `received unsuccessful status code ${r.response.status}: ${text}`);
	io.stdout(`${text}\n`);
	return 0;
};
