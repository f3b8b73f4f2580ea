/**
 * The flags every `istioctl ztunnel-config` subcommand takes (istio 1.30.3
 * istioctl/pkg/ztunnelconfig/ztunnelconfig.go commonFlags), in a module of their own so the
 * subcommands in this folder can share them without importing ztunnel-config.ts back.
 */
import type { FlagSpec } from '../../kubectl/flags.ts';

/** commonFlags.attach. */
export const COMMON_FLAGS: readonly FlagSpec[] = [
	{ name: 'node', type: 'string', description: 'Filter workloads by node field' },
	{
		name: 'output',
		short: 'o',
		type: 'string',
		description: 'Output format: one of json|yaml|short (default "short")'
	},
	{
		name: 'proxy-admin-port',
		type: 'int',
		description: 'Ztunnel proxy admin port (default 15000)'
	}
];
