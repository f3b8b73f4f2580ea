/**
 * `istioctl kube-inject -f FILE` (istio/istio 1.30.3 istioctl/pkg/kubeinject/kubeinject.go,
 * pkg/kube/inject/inject.go IntoResourceFile/IntoObject): each document of the file whose kind
 * carries a pod template (Pod, Deployment, DaemonSet, ReplicaSet, StatefulSet, Job, CronJob,
 * ReplicationController, List) goes through istiod's injection, as the in-cluster webhook would
 * inject it, and is printed as sigs.k8s.io/yaml marshals the Go object; every other document is
 * printed as it was read. Each is followed by `---`. Skipped pods are reported on stderr.
 * Simplified: the cluster's injection config is always used (`--injectConfigFile`,
 * `--meshConfigFile`, `--valuesFile`, `--operatorFileName` and revisions are refused).
 */
import { parse } from 'yaml';
import { CONFIG_MAPS, NAMESPACES, PODS } from '../../mesh/api/builtin-resources.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { Pod } from '../../mesh/api/objects.ts';
import { injectRequired, injectSidecar } from '../../mesh/istiod/injection.ts';
import { injectionValues } from '../../mesh/istiod/injection-values.ts';
import { isPodReady } from '../../mesh/api/pod-ready.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { str, type FlagSpec } from '../kubectl/flags.ts';
import { toYaml } from '../kubectl/printers/object.ts';
import { fail, istioNamespace, parseCommandFlags } from './common.ts';
import type { IstioctlCommand } from './types.ts';

const FLAGS: readonly FlagSpec[] = [
	{
		name: 'filename',
		short: 'f',
		type: 'string',
		description: 'Input Kubernetes resource filename'
	},
	{
		name: 'output',
		short: 'o',
		type: 'string',
		description: 'Modified output Kubernetes resource filename'
	},
	{
		name: 'injectConfigFile',
		type: 'string',
		description: 'Injection configuration filename. Cannot be used with --injectConfigMapName'
	},
	{
		name: 'meshConfigFile',
		type: 'string',
		description: 'Mesh configuration filename. Takes precedence over --meshConfigMapName if set'
	},
	{
		name: 'meshConfigMapName',
		type: 'string',
		description:
			'ConfigMap name for Istio mesh configuration, key should be "mesh" (default "istio")'
	},
	{
		name: 'operatorFileName',
		type: 'string',
		description:
			'Path to file containing IstioOperator custom resources. If configs from files like meshConfigFile, valuesFile are provided, they will be overridden by iop config values.'
	},
	{ name: 'valuesFile', type: 'string', description: 'Injection values configuration filename.' },
	{
		name: 'webhookConfig',
		type: 'string',
		description: 'MutatingWebhookConfiguration name for Istio (default "istio-sidecar-injector")'
	},
	{ name: 'injectConfigMapName', type: 'string' },
	{ name: 'revision', short: 'r', type: 'string', description: 'Control plane revision' }
];

/** initializer.go `kinds`: what the inject scheme decodes (anything else is passed through). */
const TEMPLATE_KINDS: Record<string, readonly string[]> = {
	v1: ['Pod', 'ReplicationController', 'List'],
	'apps/v1': ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'],
	'batch/v1': ['Job', 'CronJob']
};
const OWNER_RESOURCES: Record<string, string> = {
	Deployment: 'apps/v1/namespaces/%/deployments',
	DaemonSet: 'apps/v1/namespaces/%/daemonsets',
	StatefulSet: 'apps/v1/namespaces/%/statefulsets',
	ReplicaSet: 'apps/v1/namespaces/%/replicasets',
	Job: 'batch/v1/namespaces/%/jobs',
	CronJob: 'batch/v1/namespaces/%/cronjobs',
	ReplicationController: 'v1/namespaces/%/replicationcontrollers'
};

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** apimachinery's YAMLReader: documents end at a `---` line; empty ones are skipped. */
function readDocuments(text: string): string[] {
	const out: string[] = [];
	let cur = '';
	for (const line of text.split(/(?<=\n)/)) {
		if (line.startsWith('---')) {
			const rest = line.slice(3).trim();
			if (rest === '' || rest.startsWith('#')) {
				if (cur !== '') out.push(cur);
				cur = '';
				continue;
			}
		}
		cur += line;
	}
	if (cur !== '') out.push(cur.endsWith('\n') ? cur : `${cur}\n`);
	return out;
}

/** Where the pod template sits: a CronJob's is one level deeper (inject.go's special case). */
function templateOf(obj: Obj): Obj | undefined {
	if (obj.kind === 'Pod') return obj;
	const spec = isObj(obj.spec) ? obj.spec : undefined;
	if (obj.kind === 'CronJob') {
		const job = isObj(spec?.jobTemplate) ? spec.jobTemplate : undefined;
		const jobSpec = isObj(job?.spec) ? job.spec : undefined;
		return isObj(jobSpec?.template) ? jobSpec.template : undefined;
	}
	return isObj(spec?.template) ? spec.template : undefined;
}

/** The Go struct's zero-valued fields that sigs.k8s.io/yaml still writes (`resources: {}` …). */
function goZeroFields(obj: Obj, template: Obj): void {
	if (obj.kind !== 'List') obj.status ??= {};
	if (obj.kind === 'Deployment' && isObj(obj.spec)) obj.spec.strategy ??= {};
	const spec = isObj(template.spec) ? template.spec : {};
	for (const key of ['containers', 'initContainers'])
		for (const c of (spec[key] as Obj[] | undefined) ?? []) c.resources ??= {};
}

interface Outcome {
	readonly text: string;
	readonly warning?: string;
}

function injectObject(obj: Obj, ctx: CommandContext): Outcome | string {
	const template = templateOf(obj);
	if (!template) return 'spec.template is required value';
	const meta = (isObj(obj.metadata) ? obj.metadata : {}) as { name?: string; namespace?: string };
	const tmeta = (isObj(template.metadata) ? template.metadata : {}) as Obj;
	const name = (tmeta.name as string | undefined) || (meta.name ?? '');
	const ns = (tmeta.namespace as string | undefined) || (meta.namespace ?? '');
	const full = meta.namespace ? `${meta.namespace}/${name}` : name;
	const kind = obj.kind === 'Pod' ? '' : String(obj.kind);
	const spec = (isObj(template.spec) ? template.spec : { containers: [] }) as Pod['spec'];
	if (!Array.isArray(spec.containers)) spec.containers = [];
	const pod = { metadata: { ...tmeta, name, namespace: ns || 'default' }, spec } as unknown as Pod;
	// kube-inject posts to istiod directly: no webhook selectors, only istiod's injectRequired.
	const reason = injectRequired(pod);
	const skip = (why: string) =>
		`===> Skipping injection because ${kind ? `${kind} ` : ''}"${full}" has ${why}\n`;
	if (reason !== 'injected') {
		goZeroFields(obj, template);
		const why =
			reason === 'host-network' ? 'host networking enabled' : 'sidecar injection disabled';
		return { text: toYaml(obj), warning: skip(why) };
	}
	injectSidecar(pod, injectionValues(ctx.cluster.api), false);
	ownerEnv(pod, String(obj.kind), ns || 'default', meta.name ?? name);
	const { name: _n, namespace: _ns, ...injectedMeta } = pod.metadata as unknown as Obj;
	template.metadata = { ...injectedMeta, ...(tmeta.name ? { name: tmeta.name } : {}) };
	if (tmeta.namespace) (template.metadata as Obj).namespace = tmeta.namespace;
	template.spec = pod.spec;
	goZeroFields(obj, template);
	return { text: toYaml(obj) };
}

/** The webhook knows the owner from the request: `ISTIO_META_OWNER` follows the workload name. */
function ownerEnv(pod: Pod, kind: string, ns: string, name: string): void {
	const path = OWNER_RESOURCES[kind];
	const proxy = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find(
		(c) => c.name === 'istio-proxy'
	);
	if (!path || !proxy?.env || proxy.env.some((e) => e.name === 'ISTIO_META_OWNER')) return;
	const at = proxy.env.findIndex((e) => e.name === 'ISTIO_META_WORKLOAD_NAME');
	const value = `kubernetes://apis/${path.replace('%', ns)}/${name}`;
	proxy.env.splice(at + 1, 0, { name: 'ISTIO_META_OWNER', value });
}

function injectDocument(raw: string, ctx: CommandContext): Outcome | string {
	let obj: unknown;
	try {
		obj = parse(raw);
	} catch (e) {
		return `error converting YAML to JSON: ${String((e as Error).message).split('\n')[0]}`;
	}
	if (!isObj(obj)) return { text: raw };
	const kinds = TEMPLATE_KINDS[String(obj.apiVersion)];
	if (!kinds?.includes(String(obj.kind))) return { text: raw };
	if (obj.kind === 'List') {
		const items = Array.isArray(obj.items) ? obj.items : [];
		const warnings: string[] = [];
		for (const item of items) {
			if (!isObj(item) || !TEMPLATE_KINDS[String(item.apiVersion)]?.includes(String(item.kind)))
				continue;
			const r = injectObject(item, ctx);
			if (typeof r === 'string') return r;
			if (r.warning) warnings.push(r.warning);
		}
		return { text: toYaml(obj), warning: warnings.join('') || undefined };
	}
	return injectObject(obj, ctx);
}

/** The cluster-side preconditions: the mesh config map, then the injector (istiod) answering. */
function clusterError(ctx: CommandContext, ns: string): string | undefined {
	const api = ctx.cluster.api;
	if (isApiError(api.get(CONFIG_MAPS, ns, 'istio')))
		return (
			`could not read valid configmap "istio" from namespace "${ns}": configmaps "istio" not found - ` +
			'Use --meshConfigFile or re-run kube-inject with `-i <istioSystemNamespace> and ensure valid MeshConfig exists'
		);
	const pods = api.list(PODS, { namespace: ns, labelSelector: 'app=istiod' });
	const ready = !isApiError(pods) && (pods as Pod[]).some((p) => isPodReady(p));
	// The webhook's istiod answers (injector-webhooks.ts istiodAnswers); else the configmap fallback fails.
	if (!ready || isApiError(api.get(NAMESPACES, undefined, ns)))
		return (
			`could not find valid configmap "istio-sidecar-injector" from namespace  "${ns}": ` +
			'configmaps "istio-sidecar-injector" not found - Use --injectConfigFile or re-run kube-inject ' +
			'with `-i <istioSystemNamespace>` and ensure istio-sidecar-injector configmap exists'
		);
	return undefined;
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseCommandFlags(io, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const file = str(flags, 'filename') ?? '';
	// validateFlags returns a hashicorp multierror, which prints as a list.
	if (file === '')
		return fail(io, '1 error occurred:\n\t* filename not specified (see --filename or -f)\n\n');
	for (const name of [
		'injectConfigFile',
		'meshConfigFile',
		'valuesFile',
		'operatorFileName',
		'revision'
	])
		if (str(flags, name) !== undefined)
			return fail(
				io,
				`--${name} is not supported in this playground: kube-inject uses the cluster's injector`
			);
	const text = file === '-' ? io.stdin : ctx.vfs.read(file);
	if (text === undefined)
		return fail(
			io,
			`open ${file}: ${ctx.vfs.isDirectory(file) ? 'is a directory' : 'no such file or directory'}`
		);
	const problem = clusterError(ctx, istioNamespace(flags));
	if (problem) return fail(io, problem);
	const target = str(flags, 'output');
	const write = (s: string): void => (target ? ctx.vfs.write(target, s) : io.stdout(s));
	let out = '';
	const warnings: string[] = [];
	for (const raw of readDocuments(text)) {
		const r = injectDocument(raw, ctx);
		if (typeof r === 'string') {
			write(out);
			return fail(io, r);
		}
		out += `${r.text}---\n`;
		if (r.warning) warnings.push(r.warning);
	}
	write(out);
	if (warnings.length > 0) io.stderr(`\n${warnings.map((w) => `${w}\n`).join('')}`);
	return 0;
}

export const kubeInjectCommand: IstioctlCommand = {
	name: 'kube-inject',
	summary: 'Inject Istio sidecar into Kubernetes pod resources',
	usage: 'istioctl kube-inject [flags]',
	flags: FLAGS,
	run
};
