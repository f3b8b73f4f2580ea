/**
 * The learner's kubeconfig, kept as a real file (`~/.kube/config`) in the shell's VFS so that
 * `cat ~/.kube/config` and `kubectl config set-context --current --namespace=x` agree. The
 * defaults are what `kind create cluster --name ambient` writes.
 */
import { parse, stringify } from 'yaml';
import type { Vfs } from '../vfs.ts';

export const KUBECONFIG_PATH = '/root/.kube/config';
export const DEFAULT_CONTEXT = 'kind-ambient';
export const API_SERVER_URL = 'https://127.0.0.1:6443';

export interface KubeContext {
	name: string;
	cluster: string;
	user: string;
	namespace?: string;
}

export interface Kubeconfig {
	currentContext: string;
	contexts: KubeContext[];
	clusters: { name: string; server: string }[];
}

function defaults(): Kubeconfig {
	return {
		currentContext: DEFAULT_CONTEXT,
		contexts: [{ name: DEFAULT_CONTEXT, cluster: DEFAULT_CONTEXT, user: DEFAULT_CONTEXT }],
		clusters: [{ name: DEFAULT_CONTEXT, server: API_SERVER_URL }]
	};
}

type Raw = {
	'current-context'?: unknown;
	contexts?: { name?: unknown; context?: Record<string, unknown> }[];
	clusters?: { name?: unknown; cluster?: { server?: unknown } }[];
};

/**
 * Reads the kubeconfig; a missing or unreadable `~/.kube/config` gives kind's defaults (the
 * playground writes it only when it changes), another missing file an empty config.
 */
export function loadKubeconfig(vfs: Vfs, path = KUBECONFIG_PATH): Kubeconfig {
	const text = vfs.read(path);
	if (text === undefined && path !== KUBECONFIG_PATH)
		return { currentContext: '', contexts: [], clusters: [] };
	if (text === undefined) return defaults();
	let raw: Raw;
	try {
		raw = (parse(text) ?? {}) as Raw;
	} catch {
		return defaults();
	}
	const cfg = defaults();
	if (typeof raw['current-context'] === 'string') cfg.currentContext = raw['current-context'];
	if (Array.isArray(raw.contexts))
		cfg.contexts = raw.contexts.map((c) => {
			const ctx: KubeContext = {
				name: String(c.name ?? ''),
				cluster: String(c.context?.cluster ?? ''),
				user: String(c.context?.user ?? '')
			};
			if (typeof c.context?.namespace === 'string') ctx.namespace = c.context.namespace;
			return ctx;
		});
	if (Array.isArray(raw.clusters))
		cfg.clusters = raw.clusters.map((c) => ({
			name: String(c.name ?? ''),
			server: String(c.cluster?.server ?? '')
		}));
	return cfg;
}

/** By name, as client-go writes a kubeconfig's maps. */
const byName = <T extends { name: string }>(list: readonly T[]): T[] =>
	[...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export function saveKubeconfig(vfs: Vfs, cfg: Kubeconfig, path = KUBECONFIG_PATH): void {
	const doc = {
		apiVersion: 'v1',
		clusters: byName(cfg.clusters).map((c) => ({
			cluster: { 'certificate-authority-data': 'DATA+OMITTED', server: c.server },
			name: c.name
		})),
		contexts: byName(cfg.contexts).map((c) => ({
			context: {
				cluster: c.cluster,
				...(c.namespace ? { namespace: c.namespace } : {}),
				user: c.user
			},
			name: c.name
		})),
		'current-context': cfg.currentContext,
		kind: 'Config',
		preferences: {},
		// kind's users, one per context that names one (`set-context x` alone makes none).
		users: [...new Set(cfg.contexts.map((c) => c.user).filter(Boolean))].sort().map((name) => ({
			name,
			user: { 'client-certificate-data': 'DATA+OMITTED', 'client-key-data': 'DATA+OMITTED' }
		}))
	};
	vfs.write(path, stringify(doc, { indentSeq: false }));
}

export function currentContext(cfg: Kubeconfig): KubeContext | undefined {
	return cfg.contexts.find((c) => c.name === cfg.currentContext);
}

/** The namespace a verb uses without `-n`: the current context's, else `default`. */
export function defaultNamespace(vfs: Vfs): string {
	return currentContext(loadKubeconfig(vfs))?.namespace || 'default';
}
