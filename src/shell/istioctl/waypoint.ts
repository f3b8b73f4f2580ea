/**
 * `istioctl waypoint`: apply, delete, generate, list and status (istioctl/pkg/waypoint). A
 * waypoint is a Kubernetes Gateway of class `istio-waypoint` with one HBONE listener on 15008;
 * istiod deploys it and reports its status. `generate` prints the Gateway as sigs.k8s.io/yaml
 * marshals it (keys sorted, sequences not indented), without a namespace unless `-n` is given.
 */
import type { CommandContext, CommandIO } from '../command.ts';
import { str } from '../kubectl/flags.ts';
import { toYaml } from '../kubectl/printers/object.ts';
import { fail, parseCommandFlags } from './common.ts';
import type { IstioctlCommand } from './types.ts';
import { waypointApplyCommand } from './waypoint-apply.ts';
import { waypointDeleteCommand } from './waypoint-delete.ts';
import { FOR_FLAG, NAME_FLAG, makeGateway } from './waypoint-gateway.ts';
import { waypointListCommand, waypointStatusCommand } from './waypoint-list.ts';

const GENERATE_FLAGS = [
	FOR_FLAG,
	{
		name: 'revision',
		short: 'r',
		type: 'string',
		description: 'The revision to label the waypoint with'
	},
	NAME_FLAG
] as const;

async function runGenerate(
	argv: readonly string[],
	io: CommandIO,
	_ctx: CommandContext
): Promise<number> {
	const flags = parseCommandFlags(io, argv, GENERATE_FLAGS);
	if (typeof flags === 'number') return flags;
	const gw = makeGateway({
		name: str(flags, 'name'),
		namespace: str(flags, 'namespace'),
		trafficType: str(flags, 'for'),
		revision: str(flags, 'revision')
	});
	if ('error' in gw) return fail(io, `failed to create gateway: ${gw.error}`);
	io.stdout(toYaml(gw));
	return 0;
}

const waypointGenerateCommand: IstioctlCommand = {
	name: 'generate',
	summary: 'Generate a waypoint configuration',
	usage: 'istioctl waypoint generate [flags]',
	flags: GENERATE_FLAGS,
	run: runGenerate
};

export const waypointCommand: IstioctlCommand = {
	name: 'waypoint',
	summary: 'Manage waypoint configuration',
	long: 'A group of commands used to manage waypoint configuration',
	example: `  # Apply a waypoint to the current namespace
  istioctl waypoint apply

  # Generate a waypoint as yaml
  istioctl waypoint generate --namespace default

  # List all waypoints in a specific namespace
  istioctl waypoint list --namespace default`,
	usage: 'istioctl waypoint [flags]',
	flags: [NAME_FLAG],
	// waypoint.go's Args: `unknown subcommand "foo"`.
	argsError: (arg) => `unknown subcommand ${JSON.stringify(arg)}`,
	runnable: true,
	subcommands: [
		waypointApplyCommand,
		waypointDeleteCommand,
		waypointGenerateCommand,
		waypointListCommand,
		waypointStatusCommand
	]
};
