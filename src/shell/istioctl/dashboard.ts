/**
 * `istioctl dashboard` (`dash`, `d`; istioctl/pkg/dashboard/dashboard.go): each addon subcommand
 * finds its pod by label (in istio-system, then the current namespace: inferPodMeta) and
 * port-forwards to it (dashboard-forward.ts), printing the URL and blocking until Ctrl-C; with
 * no addon deployed it fails as on a real cluster: `no pods found with selector …`. The proxy
 * admin pages (`envoy`, `proxy`, `controlz`, `istiod-debug`) are not simulated and say so.
 */
import { isApiError } from '../../mesh/api/errors.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import type { Pod } from '../../mesh/api/objects.ts';
import { int, str, type FlagSpec } from '../kubectl/flags.ts';
import { defaultNamespace } from '../kubectl/kubeconfig.ts';
import { fail, istioNamespace, parseCommandFlags } from './common.ts';
import { forwardDashboard } from './dashboard-forward.ts';
import type { IstioctlCommand } from './types.ts';

const FLAGS: readonly FlagSpec[] = [
	{ name: 'port', short: 'p', type: 'int', description: 'Local port to listen to' },
	{ name: 'address', type: 'string', description: 'Address to listen on' },
	{ name: 'browser', type: 'bool', description: 'Open a browser (default true)' },
	{ name: 'ui-port', type: 'int', description: 'The component dashboard UI port.' },
	{ name: 'selector', short: 'l', type: 'string', description: 'Label selector' },
	{ name: 'revision', short: 'r', type: 'string', description: 'Control plane revision' }
];

/** dashboard.go: each addon's selector, default `--ui-port` and URL path. */
const ADDONS = [
	{ name: 'kiali', flavor: 'Kiali', selector: 'app=kiali', port: 20001, path: '/kiali' },
	{
		name: 'prometheus',
		flavor: 'Prometheus',
		selector: 'app.kubernetes.io/name=prometheus',
		port: 9090,
		path: ''
	},
	{
		name: 'grafana',
		flavor: 'Grafana',
		selector: 'app.kubernetes.io/name=grafana',
		port: 3000,
		path: ''
	},
	{ name: 'jaeger', flavor: 'Jaeger', selector: 'app=jaeger', port: 16686, path: '' },
	{ name: 'zipkin', flavor: 'Zipkin', selector: 'app=zipkin', port: 9411, path: '' },
	{ name: 'skywalking', flavor: 'SkyWalking', selector: 'app=skywalking-ui', port: 8080, path: '' }
] as const;

const NOT_SIMULATED =
	'is not simulated in this playground; the Topology, Traces and Capture views show what the mesh does';

function addonCommand(addon: (typeof ADDONS)[number]): IstioctlCommand {
	return {
		name: addon.name,
		summary: `Open ${addon.flavor} web UI`,
		usage: `istioctl dashboard ${addon.name} [flags]`,
		flags: FLAGS,
		async run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
			const flags = parseCommandFlags(io, argv, FLAGS);
			if (typeof flags === 'number') return flags;
			if (flags.positional.length > 0)
				return fail(
					io,
					`unknown command "${flags.positional[0]}" for "istioctl dashboard ${addon.name}"`
				);
			const pods = ctx.cluster.api.resolve('pods');
			// inferPodMeta: the Istio namespace first, then the current one.
			const namespaces = [
				istioNamespace(flags),
				str(flags, 'namespace') || defaultNamespace(ctx.vfs)
			];
			for (const namespace of namespaces) {
				if (!pods) break;
				const found = ctx.cluster.api.list(pods, { namespace, labelSelector: addon.selector });
				if (isApiError(found) || found.length === 0) continue;
				return forwardDashboard(
					{
						pod: found[0] as Pod,
						path: addon.path,
						remotePort: int(flags, 'ui-port') ?? addon.port,
						listenPort: int(flags, 'port') ?? 0,
						address: str(flags, 'address') ?? 'localhost',
						browser: flags.values.get('browser') !== false
					},
					io,
					ctx
				);
			}
			return fail(io, `no pods found with selector ${addon.selector}`);
		}
	};
}

function adminCommand(name: string, summary: string): IstioctlCommand {
	return {
		name,
		summary,
		usage: `istioctl dashboard ${name} [<type>/]<name>[.<namespace>] [flags]`,
		flags: FLAGS,
		async run(argv: readonly string[], io: CommandIO): Promise<number> {
			const flags = parseCommandFlags(io, argv, FLAGS);
			if (typeof flags === 'number') return flags;
			return fail(io, `istioctl dashboard ${name} ${NOT_SIMULATED}`);
		}
	};
}

export const dashboardCommand: IstioctlCommand = {
	name: 'dashboard',
	aliases: ['dash', 'd'],
	summary: 'Access to Istio web UIs',
	usage: 'istioctl dashboard [flags]',
	flags: FLAGS,
	// dashboard.go's Args: a name that is no subcommand is an unknown dashboard.
	argsError: (arg) => `unknown dashboard ${JSON.stringify(arg)}`,
	subcommands: [
		adminCommand('controlz', 'Open ControlZ web UI'),
		adminCommand('envoy', 'Open Envoy admin web UI'),
		...ADDONS.map(addonCommand),
		adminCommand('istiod-debug', 'Open Istio debug web UI'),
		adminCommand('proxy', 'Open admin web UI for a proxy')
	].sort((a, b) => (a.name < b.name ? -1 : 1))
};
