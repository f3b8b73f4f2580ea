/** `kubectl version`: the client and a kind v1.34 server (kubectl/pkg/cmd/version). */
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, str } from './flags.ts';
import { toYaml } from './printers/object.ts';
import { parseVerbFlags, type KubectlVerb } from './verb.ts';

export const CLIENT_VERSION = 'v1.34.1';
export const SERVER_VERSION = 'v1.34.0';
export const KUSTOMIZE_VERSION = 'v5.7.1';

function info(gitVersion: string, platform: string): Record<string, string> {
	const [major = '1', minor = '34'] = gitVersion.slice(1).split('.');
	return {
		major,
		minor,
		gitVersion,
		gitCommit:
			gitVersion === CLIENT_VERSION
				? '93248f9ae092f571eb870b7664c534bfc7d00f03'
				: 'a7245cdf3f69e11356c7e8f92b3e78ca4ee4e757',
		gitTreeState: 'clean',
		buildDate: gitVersion === CLIENT_VERSION ? '2025-09-09T19:44:50Z' : '2025-08-27T17:15:03Z',
		goVersion: 'go1.24.6',
		compiler: 'gc',
		platform
	};
}

async function run(argv: readonly string[], io: CommandIO, _ctx: CommandContext): Promise<number> {
	const flags = parseVerbFlags(io, 'version', argv, [
		{ name: 'client', type: 'bool' },
		{ name: 'output', short: 'o', type: 'string' }
	]);
	if (typeof flags === 'number') return flags;
	const client = bool(flags, 'client');
	const output = str(flags, 'output');
	if (output !== undefined && output !== 'yaml' && output !== 'json') {
		io.stderr(`error: --output must be 'yaml' or 'json'\n`);
		return 1;
	}
	if (output) {
		const doc: Record<string, unknown> = {
			clientVersion: info(CLIENT_VERSION, 'linux/amd64'),
			kustomizeVersion: KUSTOMIZE_VERSION,
			...(client ? {} : { serverVersion: info(SERVER_VERSION, 'linux/amd64') })
		};
		// Go marshals the struct in field order, not sorted: keep insertion order.
		io.stdout(output === 'json' ? JSON.stringify(doc, null, 2) + '\n' : toYaml(doc));
		return 0;
	}
	io.stdout(`Client Version: ${CLIENT_VERSION}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
	if (!client) io.stdout(`Server Version: ${SERVER_VERSION}\n`);
	return 0;
}

export const versionVerb: KubectlVerb = {
	name: 'version',
	summary: 'Print the client and server version information',
	run
};
