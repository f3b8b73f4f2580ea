/**
 * `kubectl run NAME --image=IMAGE [--env=K=V] [--port=P] [--labels=…] [--expose] [--command] --
 * [COMMAND] [ARGS…]`: creates one Pod, as kubectl pkg/cmd/run does with its run-pod/v1
 * generator (label `run=NAME`, container named NAME, `dnsPolicy: ClusterFirst`, restart policy
 * from `--restart`); `--expose` also creates a ClusterIP Service; `--overrides` is a JSON merge
 * patch over the generated Pod.
 *
 * Simplified: attaching to the pod's main process (`-i`, `-t`, `--attach`, `--rm`) is not
 * offered; the error says to use `kubectl exec` instead.
 */
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { dryRunSuffix, fail, formatServerError, parseDryRun } from './apply.ts';
import { bool, int, str, strings } from './flags.ts';
import { defaultNamespace } from './kubeconfig.ts';
import { asGenerated } from './generated.ts';
import { toJson, toYaml } from './printers/object.ts';
import { parseVerbFlags, type KubectlVerb } from './verb.ts';

const FLAGS = [
	{ name: 'image', type: 'string' },
	{ name: 'env', type: 'stringArray' },
	{ name: 'port', type: 'int', default: -1 },
	{ name: 'labels', short: 'l', type: 'string' },
	{ name: 'annotations', type: 'stringArray' },
	{ name: 'restart', type: 'string', default: 'Always' },
	{ name: 'command', type: 'bool' },
	{ name: 'expose', type: 'bool' },
	{ name: 'overrides', type: 'string' },
	{ name: 'image-pull-policy', type: 'string' },
	{ name: 'dry-run', type: 'string' },
	{ name: 'output', short: 'o', type: 'string' },
	{ name: 'stdin', short: 'i', type: 'bool' },
	{ name: 'tty', short: 't', type: 'bool' },
	{ name: 'attach', type: 'bool' },
	{ name: 'rm', type: 'bool' },
	{ name: 'quiet', short: 'q', type: 'bool' }
] as const;

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

/** `a=b,c=d` → { a: 'b', c: 'd' }; an entry without `=` is an error, as kubectl's ParseLabels. */
function parsePairs(text: string, what: string): Record<string, string> | string {
	const out: Record<string, string> = {};
	for (const part of text.split(',')) {
		const at = part.indexOf('=');
		if (at <= 0) return `invalid ${what}: '${part}'`;
		out[part.slice(0, at)] = part.slice(at + 1);
	}
	return out;
}

/** RFC 7386 JSON merge patch: objects merge, null deletes, anything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
	if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
	const base =
		typeof target === 'object' && target !== null && !Array.isArray(target)
			? { ...(target as Record<string, unknown>) }
			: {};
	for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
		if (v === null) delete base[k];
		else base[k] = mergePatch(base[k], v);
	}
	return base;
}

interface PodOptions {
	readonly name: string;
	readonly namespace: string;
	readonly image: string;
	readonly labels: Record<string, string>;
	readonly annotations: Record<string, string>;
	readonly env: { name: string; value: string }[];
	readonly port: number;
	readonly restart: string;
	readonly pullPolicy: string | undefined;
	readonly argv: string[];
	readonly asCommand: boolean;
}

function generatePod(o: PodOptions): KubeObject {
	const container: Record<string, unknown> = { name: o.name, image: o.image };
	if (o.argv.length > 0) container[o.asCommand ? 'command' : 'args'] = o.argv;
	if (o.env.length > 0) container['env'] = o.env;
	if (o.port >= 0) container['ports'] = [{ containerPort: o.port }];
	if (o.pullPolicy) container['imagePullPolicy'] = o.pullPolicy;
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name: o.name,
			namespace: o.namespace,
			labels: o.labels,
			...(Object.keys(o.annotations).length > 0 ? { annotations: o.annotations } : {})
		} as KubeObject['metadata'],
		spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: o.restart }
	};
}

function generateService(pod: KubeObject, port: number): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: {
			name: pod.metadata.name,
			namespace: pod.metadata.namespace
		} as KubeObject['metadata'],
		spec: {
			ports: [{ port, protocol: 'TCP', targetPort: port }],
			selector: pod.metadata.labels
		}
	};
}

async function run(argv: readonly string[], io: CommandIO, ctx: CommandContext): Promise<number> {
	const flags = parseVerbFlags(io, 'run', argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const [name, ...extra] = flags.positional;
	if (!name) {
		io.stderr(`error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n`);
		return 1;
	}
	const image = str(flags, 'image');
	if (!image) return fail(io, 'required flag(s) "image" not set');
	const dryRun = parseDryRun(str(flags, 'dry-run'));
	if (typeof dryRun === 'object') return fail(io, dryRun.error);
	const output = str(flags, 'output');
	if (output !== undefined && !['yaml', 'json', 'name'].includes(output))
		return fail(
			io,
			`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`
		);
	const attach = bool(flags, 'stdin') || bool(flags, 'tty') || bool(flags, 'attach');
	if (bool(flags, 'rm') && !attach)
		return fail(io, '--rm should only be used for attached containers');
	if (attach)
		return fail(
			io,
			`attaching to a pod's main process (-i, -t, --attach, --rm) is not simulated in this playground: run the pod without them, then use "kubectl exec ${name} -- COMMAND"`
		);
	const restart = str(flags, 'restart') ?? 'Always';
	if (!RESTART_POLICIES.includes(restart)) return fail(io, `invalid restart policy: ${restart}`);
	const port = int(flags, 'port') ?? -1;
	const expose = bool(flags, 'expose');
	if (expose && port < 0) return fail(io, '--port must be set when exposing a service');
	const labelText = str(flags, 'labels');
	const labels = labelText ? parsePairs(labelText, 'label spec') : { run: name };
	if (typeof labels === 'string') return fail(io, labels);
	const annotationList = strings(flags, 'annotations');
	const annotations =
		annotationList.length > 0 ? parsePairs(annotationList.join(','), 'annotation') : {};
	if (typeof annotations === 'string') return fail(io, annotations);
	const env: { name: string; value: string }[] = [];
	for (const e of strings(flags, 'env')) {
		const at = e.indexOf('=');
		if (at <= 0) return fail(io, `invalid env: ${e}`);
		env.push({ name: e.slice(0, at), value: e.slice(at + 1) });
	}
	// `kubectl run NAME IMAGE-ARGS…` without `--`: kubectl takes the extra words as args.
	const podArgv = [...extra, ...(flags.rest ?? [])];
	if (bool(flags, 'command') && podArgv.length === 0)
		return fail(io, '--command requires a command to run, after --');

	const namespace = str(flags, 'namespace') || defaultNamespace(ctx.vfs);
	let pod = generatePod({
		name,
		namespace,
		image,
		labels,
		annotations,
		env,
		port,
		restart,
		pullPolicy: str(flags, 'image-pull-policy'),
		argv: podArgv,
		asCommand: bool(flags, 'command')
	});
	const overrides = str(flags, 'overrides');
	if (overrides !== undefined) {
		let patch: unknown;
		try {
			patch = JSON.parse(overrides);
		} catch (e) {
			return fail(io, `Invalid JSON Patch: ${e instanceof Error ? e.message : String(e)}`);
		}
		pod = mergePatch(pod, patch) as KubeObject;
	}

	const objects = expose ? [generateService(pod, port), pod] : [pod];
	for (const obj of objects) {
		const type = ctx.cluster.api.resourceFor(obj.apiVersion, obj.kind);
		if (!type) return fail(io, `no matches for kind "${obj.kind}"`);
		let shown = dryRun === 'client' ? asGenerated(obj, Boolean(str(flags, 'namespace'))) : obj;
		if (dryRun === 'none') {
			const r = ctx.cluster.api.create(obj);
			if (isApiError(r)) {
				io.stderr(formatServerError(r) + '\n');
				return 1;
			}
			shown = r;
		}
		const ref = `${type.singular}/${shown.metadata.name}`;
		if (output === 'yaml') io.stdout(toYaml(shown));
		else if (output === 'json') io.stdout(toJson(shown));
		else if (output === 'name') io.stdout(ref + '\n');
		else {
			const suffix = dryRunSuffix(dryRun);
			io.stdout(`${ref} created${suffix}\n`);
		}
	}
	if (dryRun === 'none') await ctx.cluster.settle();
	return 0;
}

export const runVerb: KubectlVerb = {
	name: 'run',
	flags: FLAGS,
	summary: 'Run a particular image on the cluster',
	group: 'Basic Commands (Beginner)',
	run
};
