/**
 * `istioctl create-remote-secret` (istioctl/pkg/multicluster/remote_secret.go, Istio 1.30.3):
 * prints the Secret another cluster's istiod reads to watch this cluster's API server —
 * `istio-remote-secret-<name>` in istio-system, label `istio/multiCluster: "true"`, annotation
 * `networking.istio.io/cluster`, and under `stringData.<name>` a kubeconfig whose user is the
 * `istio-reader-service-account` token. Gets or creates that ServiceAccount and its token Secret
 * (`<sa>-istio-remote-secret-token`, Kubernetes ≥ 1.24), takes the server from the kubeconfig
 * (kind's `https://127.0.0.1:…` earns the "not reachable from inside the cluster" warning) unless
 * `--server` overrides it. The token Secret's data is written with it, as the token controller
 * would at once.
 */
import type { KubeObject } from '../../mesh/api/objects.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import { isDns1123Label } from '../../mesh/api/names.ts';
import {
	CONFIG_MAPS,
	NAMESPACES,
	SECRETS,
	SERVICE_ACCOUNTS
} from '../../mesh/api/builtin-resources.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { contextServer, scanFlag } from '../kube-context.ts';
import { str } from '../kubectl/flags.ts';
import { fail, istioNamespace, parseCommandFlags } from './common.ts';
import type { IstioctlCommand } from './types.ts';
import { base64OfText as base64, encodeBase64Url } from '../../mesh/base64.ts';

const FLAGS = [
	{
		name: 'auth-plugin-config',
		type: 'string',
		description:
			'Authenticator plug-in configuration. --auth-type=plugin must be set with this option'
	},
	{
		name: 'auth-plugin-name',
		type: 'string',
		description: 'Authenticator plug-in name. --auth-type=plugin must be set with this option'
	},
	{
		name: 'auth-type',
		type: 'string',
		description:
			'Type of authentication to use. supported values = [bearer-token plugin] (default bearer-token)'
	},
	{
		name: 'create-service-account',
		type: 'bool',
		description:
			"If true, the service account needed for creating the remote secret will be created if it doesn't exist. (default true)"
	},
	{
		name: 'manifests',
		short: 'd',
		type: 'string',
		description: 'Specify a path to a directory of charts and profiles'
	},
	{
		name: 'name',
		type: 'string',
		description:
			"Name of the local cluster whose credentials are stored in the secret. If a name is not specified the kube-system namespace's UUID of the local cluster will be used."
	},
	{
		name: 'secret-name',
		type: 'string',
		description:
			'The name of the specific secret to use from the service-account. Needed when there are multiple secrets in the service account.'
	},
	{
		name: 'server',
		type: 'string',
		description: 'The address and port of the Kubernetes API server.'
	},
	{
		name: 'service-account',
		type: 'string',
		description:
			'Create a secret with this service account\'s credentials. Default value is "istio-reader-service-account" if --type is "remote", "istiod" if --type is "config".'
	},
	{
		name: 'tls-server-name',
		type: 'string',
		description:
			'The server name that should be validated by kube-client during establishing TLS connection with kube-apiserver.'
	},
	{
		name: 'type',
		type: 'string',
		description: 'Type of the generated secret. supported values = [remote config] (default remote)'
	}
] as const;

const REMOTE_SECRET_PREFIX = 'istio-remote-secret-';
const CONFIG_SECRET_NAME = 'istio-kubeconfig';
const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';
const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
const SA_UID_ANNOTATION = 'kubernetes.io/service-account.uid';
export const MULTICLUSTER_SECRET_LABEL = 'istio/multiCluster';
export const CLUSTER_NAME_ANNOTATION = 'networking.istio.io/cluster';

const base64url = (bytes: readonly number[]): string => encodeBase64Url(Uint8Array.from(bytes));

/** Stand-in bytes for a signature or key id: fixed for a seed string (FNV-1a, then xorshift). */
function bytesFor(seed: string, n: number): number[] {
	let h = 0x811c9dc5;
	for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
	const out: number[] = [];
	for (let i = 0; i < n; i++) {
		h ^= h << 13;
		h ^= h >>> 17;
		h ^= h << 5;
		h >>>= 0;
		out.push(h & 0xff);
	}
	return out;
}

/**
 * A legacy ServiceAccount token as the token controller signs it (k8s pkg/serviceaccount
 * legacy.go claims, RS256); the signature is a stand-in — nothing here verifies it.
 */
export function legacyServiceAccountToken(
	namespace: string,
	secret: string,
	sa: string,
	uid: string
): string {
	const json = (o: unknown) => encodeBase64Url(new TextEncoder().encode(JSON.stringify(o)));
	const header = { alg: 'RS256', kid: base64url(bytesFor(`kid:${namespace}`, 32)) };
	const claims = {
		iss: 'kubernetes/serviceaccount',
		'kubernetes.io/serviceaccount/namespace': namespace,
		'kubernetes.io/serviceaccount/secret.name': secret,
		'kubernetes.io/serviceaccount/service-account.name': sa,
		'kubernetes.io/serviceaccount/service-account.uid': uid,
		sub: `system:serviceaccount:${namespace}:${sa}`
	};
	return `${json(header)}.${json(claims)}.${base64url(bytesFor(`sig:${uid}:${secret}`, 256))}`;
}

type Outcome<T> = T | { error: string };
const failed = <T>(x: Outcome<T>): x is { error: string } =>
	typeof x === 'object' && x !== null && 'error' in x && Object.keys(x).length === 1;

function getOrCreateServiceAccount(
	ctx: CommandContext,
	ns: string,
	name: string,
	create: boolean
): Outcome<KubeObject> {
	const api = ctx.cluster.api;
	const live = api.get(SERVICE_ACCOUNTS, ns, name);
	if (!isApiError(live)) return live;
	if (!create)
		return {
			error: `failed retrieving service account ${name}.${ns} required for creating the remote secret (hint: try installing a minimal Istio profile on the cluster first, or run with '--create-service-account=true'): serviceaccounts "${name}" not found`
		};
	if (isApiError(api.get(NAMESPACES, undefined, ns)))
		api.create({
			apiVersion: 'v1',
			kind: 'Namespace',
			metadata: { name: ns } as KubeObject['metadata']
		});
	const made = api.create({
		apiVersion: 'v1',
		kind: 'ServiceAccount',
		metadata: { name, namespace: ns } as KubeObject['metadata']
	});
	if (isApiError(made))
		return {
			error: `failed retrieving service account ${name}.${ns} after creating it: ${made.message}`
		};
	return made;
}

/** getOrCreateServiceAccountSecret: --secret-name, else one referencing the SA, else a new one. */
function tokenSecret(
	ctx: CommandContext,
	ns: string,
	sa: KubeObject,
	secretName: string | undefined
): Outcome<KubeObject> {
	const api = ctx.cluster.api;
	const references = (s: KubeObject) =>
		s['type'] === SA_TOKEN_TYPE &&
		s.metadata.annotations?.[SA_NAME_ANNOTATION] === sa.metadata.name;
	if (secretName) {
		const s = api.get(SECRETS, ns, secretName);
		if (isApiError(s))
			return {
				error: `could not get specified secret ${ns}/${secretName}: secrets "${secretName}" not found`
			};
		if (!references(s))
			return {
				error: `secret ${ns}/${secretName} does not reference ServiceAccount ${sa.metadata.name}`
			};
		return s;
	}
	const all = api.list(SECRETS, { namespace: ns });
	const found = isApiError(all) ? undefined : all.find(references);
	if (found) return found;
	const name = `${sa.metadata.name}-istio-remote-secret-token`;
	const ca = api.get(CONFIG_MAPS, ns, 'kube-root-ca.crt');
	const caPem = isApiError(ca)
		? ''
		: String((ca['data'] as Record<string, unknown> | undefined)?.['ca.crt'] ?? '');
	const token = legacyServiceAccountToken(ns, name, sa.metadata.name, sa.metadata.uid ?? '');
	const made = api.create({
		apiVersion: 'v1',
		kind: 'Secret',
		metadata: {
			name,
			namespace: ns,
			annotations: {
				[SA_NAME_ANNOTATION]: sa.metadata.name,
				[SA_UID_ANNOTATION]: sa.metadata.uid ?? ''
			}
		} as unknown as KubeObject['metadata'],
		type: SA_TOKEN_TYPE,
		data: { 'ca.crt': base64(caPem), namespace: base64(ns), token: base64(token) }
	});
	return isApiError(made) ? { error: made.message } : made;
}

/** The kubeconfig as client-go's latest.Codec writes it (sorted keys, no preferences). */
function kubeconfigYaml(
	cluster: string,
	server: string,
	caB64: string,
	token: string,
	tlsServerName: string | undefined
): string {
	return [
		'apiVersion: v1',
		'clusters:',
		'- cluster:',
		`    certificate-authority-data: ${caB64}`,
		`    server: ${server}`,
		...(tlsServerName ? [`    tls-server-name: ${tlsServerName}`] : []),
		`  name: ${cluster}`,
		'contexts:',
		'- context:',
		`    cluster: ${cluster}`,
		`    user: ${cluster}`,
		`  name: ${cluster}`,
		`current-context: ${cluster}`,
		'kind: Config',
		'users:',
		`- name: ${cluster}`,
		'  user:',
		`    token: ${token}`
	].join('\n');
}

function decode(b64: unknown): string {
	if (typeof b64 !== 'string') return '';
	try {
		return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
	} catch {
		return '';
	}
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseCommandFlags(io, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	if (flags.positional.length > 0)
		return fail(
			io,
			`unknown command "${flags.positional[0] ?? ''}" for "istioctl create-remote-secret"`
		);
	let clusterName = str(flags, 'name') ?? '';
	if (clusterName !== '' && isDns1123Label(clusterName).length > 0)
		return fail(io, `${clusterName} is not a valid DNS 1123 label`);
	const type = str(flags, 'type') ?? 'remote';
	const authType = str(flags, 'auth-type') ?? 'bearer-token';
	const ns = istioNamespace(flags);
	const create =
		!flags.values.has('create-service-account') ||
		flags.values.get('create-service-account') === true;
	const problem = (message: string): number => {
		io.stderr(`error: ${message}\n`);
		return fail(io, message);
	};
	if (clusterName === '') {
		const kubeSystem = ctx.cluster.api.get(NAMESPACES, undefined, 'kube-system');
		clusterName = isApiError(kubeSystem) ? '' : (kubeSystem.metadata.uid ?? '');
	}
	if (type !== 'remote' && type !== 'config') return problem(`unsupported type: ${type}`);
	const secretName =
		type === 'remote' ? `${REMOTE_SECRET_PREFIX}${clusterName}` : CONFIG_SECRET_NAME;
	const saName =
		str(flags, 'service-account') ||
		(type === 'remote' ? 'istio-reader-service-account' : 'istiod');
	const sa = getOrCreateServiceAccount(ctx, ns, saName, create);
	if (failed(sa))
		return problem(
			`could not get access token to read resources from local kube-apiserver: ${sa.error}`
		);
	const token = tokenSecret(ctx, ns, sa, str(flags, 'secret-name'));
	if (failed(token))
		return problem(
			`could not get access token to read resources from local kube-apiserver: ${token.error}`
		);
	let server = str(flags, 'server') ?? '';
	let warn: string | undefined;
	if (server === '') {
		server =
			contextServer(ctx, {
				context: scanFlag(argv, ['--context']),
				kubeconfig: scanFlag(argv, ['--kubeconfig', '-c'])
			}) ?? '';
		if (server.includes('127.0.0.1') || server.includes('localhost'))
			warn = `server in Kubeconfig is ${server}. This is likely not reachable from inside the cluster, if you're using Kubernetes in Docker, pass --server with the container IP for the API Server`;
	}
	if (authType === 'plugin')
		return problem('--auth-type=plugin is not simulated in this playground (only bearer-token)');
	if (authType !== 'bearer-token') return problem(`unsupported authentication type: ${authType}`);
	const data = (token['data'] ?? {}) as Record<string, unknown>;
	if (!('ca.crt' in data)) return problem('no "ca.crt" data found');
	if (!('token' in data)) return problem('no "token" data found');
	const key = secretName === CONFIG_SECRET_NAME ? 'config' : clusterName;
	const kubeconfig = kubeconfigYaml(
		clusterName,
		server,
		String(data['ca.crt']),
		decode(data['token']),
		str(flags, 'tls-server-name')
	);
	if (warn) io.stderr(`warn: ${warn}\n`);
	io.stdout(
		[
			'# This file is autogenerated, do not edit.',
			'apiVersion: v1',
			'kind: Secret',
			'metadata:',
			'  annotations:',
			`    ${CLUSTER_NAME_ANNOTATION}: ${clusterName}`,
			'  labels:',
			`    ${MULTICLUSTER_SECRET_LABEL}: "true"`,
			`  name: ${secretName}`,
			`  namespace: ${ns}`,
			'stringData:',
			`  ${key}: |`,
			...kubeconfig.split('\n').map((l) => `    ${l}`),
			'---',
			''
		].join('\n')
	);
	return 0;
}

export const createRemoteSecretCommand: IstioctlCommand = {
	name: 'create-remote-secret',
	summary: 'Create a secret with credentials to allow Istio to access remote Kubernetes apiservers',
	usage: 'istioctl create-remote-secret [flags]',
	example: `  # Create a secret to access cluster c0's apiserver and install it in cluster c1.
  istioctl --kubeconfig=c0.yaml create-remote-secret --name c0 \\
    | kubectl --kubeconfig=c1.yaml apply -f -

  # Delete a secret that was previously installed in c1
  istioctl --kubeconfig=c0.yaml create-remote-secret --name c0 \\
    | kubectl --kubeconfig=c1.yaml delete -f -

  # Create a secret access a remote cluster with an auth plugin
  istioctl --kubeconfig=c0.yaml create-remote-secret --name c0 --auth-type=plugin --auth-plugin-name=gcp \\
    | kubectl --kubeconfig=c1.yaml apply -f -`,
	flags: FLAGS,
	run
};
