/**
 * Which cluster a kubectl, istioctl or helm command talks to: client-go's loading rules over the
 * shell's kubeconfig. `--kubeconfig` (else `~/.kube/config`, else kind's defaults) gives the
 * contexts; `--context` (helm: `--kube-context`, else current-context) picks one; its cluster's
 * `server` URL is the API server the command dials. Resolution is lazy, as in the real tools: a
 * command that never reaches the API server (`kubectl config`, `kustomize`, `--help`) does not
 * fail on a bad context, and a flag error still comes first.
 */
import type { Cluster } from '../mesh/cluster.ts';
import type { CommandContext } from './command.ts';
import { API_SERVER_URL, KUBECONFIG_PATH, loadKubeconfig } from './kubectl/kubeconfig.ts';

/** The API servers the shell can reach, by the URL a kubeconfig's cluster names. */
export type ClusterDirectory = ReadonlyMap<string, Cluster>;

/** Why no cluster could be reached; its message is client-go's (the tool adds its prefix). */
export class KubeContextError extends Error {
	override readonly name = 'KubeContextError';
	/**
	 * A dial that failed rather than a bad kubeconfig: kubectl's CheckErr prints these bare
	 * (StandardErrorMessage), without `error: `.
	 */
	constructor(
		message: string,
		readonly dial = false,
		/**
		 * What ConfirmUsable says of the same kubeconfig (errConfigurationInvalid): kubectl verbs
		 * that resolve their namespace first (get, describe, delete …) print this one.
		 */
		readonly invalidConfiguration?: string
	) {
		super(message);
	}
}

export interface ContextFlags {
	/** `--context` / `--kube-context`. */
	readonly context?: string | undefined;
	readonly kubeconfig?: string | undefined;
}

/** The clusters a command context reaches: its directory, or its one cluster at kind's URL. */
export function directoryOf(ctx: CommandContext): ClusterDirectory {
	return ctx.clusters ?? new Map([[API_SERVER_URL, ctx.cluster]]);
}

/**
 * client-go's DirectClientConfig.ClientConfig for our kubeconfig: an explicit file that is not
 * there (loader.go: os.Stat's error), a context given but not in it (client_config.go
 * getContext), no server for the context's cluster (kubectl's default localhost:8080, which
 * refuses), or a server no simulated cluster listens on.
 */
export function resolveCluster(
	ctx: CommandContext,
	flags: ContextFlags
): Cluster | KubeContextError {
	const path = flags.kubeconfig;
	if (path !== undefined && path !== '' && !ctx.vfs.exists(path))
		return new KubeContextError(`stat ${path}: no such file or directory`);
	const cfg = loadKubeconfig(ctx.vfs, path || KUBECONFIG_PATH);
	const name = flags.context || cfg.currentContext;
	const context = cfg.contexts.find((c) => c.name === name);
	if (!context && flags.context)
		return new KubeContextError(
			`context "${flags.context}" does not exist`,
			false,
			`context was not found for specified context: ${flags.context}`
		);
	const server = cfg.clusters.find((c) => c.name === context?.cluster)?.server;
	if (!server)
		return new KubeContextError(
			'The connection to the server localhost:8080 was refused - did you specify the right host or port?',
			true
		);
	const cluster = directoryOf(ctx).get(server);
	if (!cluster) {
		const host = server.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
		return new KubeContextError(
			`Unable to connect to the server: dial tcp ${host}: connect: connection refused`,
			true
		);
	}
	return cluster;
}

/**
 * The `server` URL of the context `flags` select (what client-go's RESTConfig().Host reports),
 * or undefined when the kubeconfig names none; resolveCluster tells why.
 */
export function contextServer(ctx: CommandContext, flags: ContextFlags): string | undefined {
	const cfg = loadKubeconfig(ctx.vfs, flags.kubeconfig || KUBECONFIG_PATH);
	const name = flags.context || cfg.currentContext;
	const context = cfg.contexts.find((c) => c.name === name);
	return cfg.clusters.find((c) => c.name === context?.cluster)?.server;
}

/**
 * The command context with `cluster` read through `flags`: the first read resolves it, and a
 * failure throws the KubeContextError, which each tool's top level prints in its own words.
 */
export function withKubeContext(ctx: CommandContext, flags: ContextFlags): CommandContext {
	let resolved: Cluster | KubeContextError | undefined;
	// Copied by descriptor, so no getter of ctx runs here (a copy by spread would read them).
	const out = Object.defineProperties({}, Object.getOwnPropertyDescriptors(ctx)) as CommandContext;
	return Object.defineProperty(out, 'cluster', {
		enumerable: true,
		configurable: true,
		get(): Cluster {
			resolved ??= resolveCluster(ctx, flags);
			if (resolved instanceof KubeContextError) throw resolved;
			return resolved;
		}
	});
}

/**
 * The last value of a string flag in argv (pflag: the last one wins), before a bare `--`.
 * `names` are long names with their dashes and shorthands (`--kubeconfig`, `-c`).
 */
export function scanFlag(argv: readonly string[], names: readonly string[]): string | undefined {
	let value: string | undefined;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (arg === '--') break;
		const eq = arg.indexOf('=');
		if (eq > 0 && names.includes(arg.slice(0, eq))) value = arg.slice(eq + 1);
		else if (names.includes(arg) && i + 1 < argv.length) value = argv[++i];
	}
	return value;
}
