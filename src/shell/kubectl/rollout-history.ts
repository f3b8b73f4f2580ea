/**
 * `kubectl rollout history` and `kubectl rollout undo` for Deployments. Mirrors kubectl
 * pkg/polymorphichelpers history.go (DeploymentHistoryViewer: a revision per owned ReplicaSet,
 * CHANGE-CAUSE from `kubernetes.io/change-cause`) and rollback.go (DeploymentRollbacker: the
 * revision's template and annotations patched back into the Deployment), and
 * pkg/cmd/rollout/rollout_history.go / rollout_undo.go for what is printed.
 */
import type { ResourceType } from '../../mesh/api/api-server.ts';
import { clone } from '../../mesh/api/deep.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { Deployment, KubeObject } from '../../mesh/api/objects.ts';
import { ANNOTATIONS_TO_SKIP, POD_TEMPLATE_HASH } from '../../mesh/cluster/deployment-util.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { formatServerError } from './apply.ts';
import { writePodTemplate } from './printers/describe/deployment.ts';
import { PrefixWriter } from './printers/describe/prefix-writer.ts';
import { resourceName, toJson, toYaml } from './printers/object.ts';
import { tabwrite, DESCRIBE_TABWRITER } from './printers/tabwriter.ts';
import { qualifiedKind } from './resource-args.ts';

const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const REVISION = 'deployment.kubernetes.io/revision';

export interface RolloutTarget {
	readonly type: ResourceType;
	readonly namespace: string | undefined;
	readonly name: string;
}

type Template = Deployment['spec']['template'];

/** schema.GroupKind's String(): `Deployment.apps`, `Pod`. */
const groupKind = (t: ResourceType): string => (t.group ? `${t.kind}.${t.group}` : t.kind);

/** What a kind's history viewer or rollbacker is (apps/kind_visitor.go), or the error kubectl gives. */
function supported(t: ResourceType, what: 'history viewer' | 'rollbacker'): string | undefined {
	const apps = t.group === 'apps' || t.group === 'extensions';
	if (apps && t.kind === 'Deployment') return undefined;
	if ((apps && t.kind === 'DaemonSet') || (t.group === 'apps' && t.kind === 'StatefulSet'))
		return `rollout ${what === 'rollbacker' ? 'undo' : 'history'} of a ${t.kind} is not simulated in Mesh Playground: its ControllerRevisions are not kept`;
	const visited =
		(apps && t.kind === 'ReplicaSet') ||
		(t.group === 'batch' && (t.kind === 'Job' || t.kind === 'CronJob')) ||
		(t.group === '' && (t.kind === 'Pod' || t.kind === 'ReplicationController'));
	const verb = what === 'rollbacker' ? 'rollbacker' : 'history';
	if (!visited)
		return `error retrieving ${verb} for "${groupKind(t)}", no visitor method exists for {${t.group} ${t.kind}}`;
	return `no ${what} has been implemented for "${groupKind(t)}"`;
}

/** The ReplicaSets the Deployment controls, by revision (getDeploymentReplicaSets). */
function revisions(ctx: CommandContext, d: KubeObject): Map<number, KubeObject> {
	const out = new Map<number, KubeObject>();
	const rsType = ctx.cluster.api.resolve('replicasets.apps');
	if (!rsType) return out;
	const all = ctx.cluster.api.list(rsType, { namespace: d.metadata.namespace ?? 'default' });
	if (isApiError(all)) return out;
	for (const rs of all) {
		const owner = rs.metadata.ownerReferences?.find((r) => r.controller);
		if (owner?.kind !== 'Deployment' || owner.uid !== d.metadata.uid) continue;
		const v = Number(rs.metadata.annotations?.[REVISION]);
		if (Number.isInteger(v) && v >= 0) out.set(v, rs);
	}
	return out;
}

/** printTemplate: describe.DescribePodTemplate of the revision's template, its change-cause added. */
function describeTemplate(rs: KubeObject): string {
	const template: Template = clone(
		(rs['spec'] as { template?: Template } | undefined)?.template ?? ({} as Template)
	);
	const cause = rs.metadata.annotations?.[CHANGE_CAUSE];
	if (cause) {
		template.metadata = {
			...template.metadata,
			annotations: { ...template.metadata?.annotations, [CHANGE_CAUSE]: cause }
		};
	}
	const w = new PrefixWriter();
	writePodTemplate(w, template as Template);
	return w.toString();
}

function getLive(ctx: CommandContext, t: RolloutTarget): KubeObject | string {
	const live = ctx.cluster.api.get(t.type, t.namespace, t.name);
	return isApiError(live) ? formatServerError(live) : live;
}

export function rolloutHistory(
	targets: readonly RolloutTarget[],
	options: { revision: number; output: string | undefined },
	io: CommandIO,
	ctx: CommandContext
): number {
	for (const t of targets) {
		// Latest(): the object is fetched before a history viewer is looked for.
		const live = getLive(ctx, t);
		if (typeof live === 'string') {
			io.stderr(live + '\n');
			return 1;
		}
		const unsupported = supported(t.type, 'history viewer');
		if (unsupported) {
			io.stderr(`error: ${unsupported}\n`);
			return 1;
		}
		const history = revisions(ctx, live);
		if (options.output !== undefined) {
			// rollout_history.go with -o: the ReplicaSets themselves.
			const pick = options.revision > 0 ? history.get(options.revision) : undefined;
			if (options.revision > 0 && !pick) {
				io.stderr('error: unable to find the specified revision\n');
				return 1;
			}
			const objects = pick
				? [pick]
				: [...history.keys()].sort((a, b) => a - b).map((k) => history.get(k) as KubeObject);
			const rsType = ctx.cluster.api.resolve('replicasets.apps') as ResourceType;
			for (const o of objects) {
				if (options.output === 'yaml') io.stdout(toYaml(o));
				else if (options.output === 'json') io.stdout(toJson(o));
				else io.stdout(resourceName(rsType, o) + '\n');
			}
			continue;
		}
		const ref = `${qualifiedKind(t.type)}/${t.name}`;
		let body: string;
		if (history.size === 0) body = 'No rollout history found.';
		else if (options.revision > 0) {
			const rs = history.get(options.revision);
			if (!rs) {
				io.stderr('error: unable to find the specified revision\n');
				return 1;
			}
			body = describeTemplate(rs);
		} else {
			const rows = [...history.keys()]
				.sort((a, b) => a - b)
				.map((r) => `${r}\t${history.get(r)?.metadata.annotations?.[CHANGE_CAUSE] || '<none>'}\n`);
			body = tabwrite('REVISION\tCHANGE-CAUSE\n' + rows.join(''), DESCRIBE_TABWRITER);
		}
		const withRevision = options.revision > 0 ? `with revision #${options.revision}` : '';
		io.stdout(`${ref} ${withRevision}\n${body}\n`);
	}
	return 0;
}

/** equalIgnoreHash: templates equal once the pod-template-hash label is dropped. */
function equalIgnoreHash(a: Template | undefined, b: Template | undefined): boolean {
	const strip = (t: Template | undefined): string => {
		const c = clone(t ?? {}) as Template;
		if (c.metadata?.labels) {
			delete c.metadata.labels[POD_TEMPLATE_HASH];
			if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
		}
		return JSON.stringify(sorted(c));
	};
	return strip(a) === strip(b);
}

function sorted(v: unknown): unknown {
	if (Array.isArray(v)) return v.map(sorted);
	if (v === null || typeof v !== 'object') return v;
	return Object.fromEntries(
		Object.keys(v)
			.sort()
			.map((k) => [k, sorted((v as Record<string, unknown>)[k])])
	);
}

/** deploymentRevision: the asked revision, or the one before the newest. */
function revisionFor(
	history: Map<number, KubeObject>,
	toRevision: number,
	name: string
): KubeObject | string {
	if (toRevision > 0)
		return history.get(toRevision) ?? `unable to find specified revision ${toRevision} in history`;
	const newestFirst = [...history.keys()].sort((a, b) => b - a);
	const previous = newestFirst[1];
	return previous === undefined
		? `no rollout history found for deployment ${JSON.stringify(name)}`
		: (history.get(previous) as KubeObject);
}

export async function rolloutUndo(
	targets: readonly RolloutTarget[],
	options: { toRevision: number; dryRun: 'none' | 'client' | 'server'; output: string | undefined },
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	let code = 0;
	for (const t of targets) {
		const live = getLive(ctx, t);
		if (typeof live === 'string') {
			io.stderr(live + '\n');
			code = 1;
			continue;
		}
		const unsupported = supported(t.type, 'rollbacker');
		if (unsupported) {
			io.stderr(`error: ${unsupported}\n`);
			code = 1;
			continue;
		}
		const result = rollback(ctx, t, live as Deployment, options);
		if (result.error !== undefined) {
			io.stderr(`error: ${result.error}\n`);
			code = 1;
			continue;
		}
		const ref = `${qualifiedKind(t.type)}/${t.name}`;
		const suffix =
			options.dryRun === 'none'
				? ''
				: options.dryRun === 'client'
					? ' (dry run)'
					: ' (server dry run)';
		if (options.output === 'name') io.stdout(`${ref}\n`);
		else io.stdout(`${ref} ${result.message}${suffix}\n`);
	}
	return code;
}

function rollback(
	ctx: CommandContext,
	t: RolloutTarget,
	d: Deployment,
	options: { toRevision: number; dryRun: 'none' | 'client' | 'server' }
): { message: string; error?: undefined } | { error: string } {
	if (options.toRevision < 0)
		return { error: `unable to find specified revision ${options.toRevision} in history` };
	const rs = revisionFor(revisions(ctx, d), options.toRevision, d.metadata.name);
	if (typeof rs === 'string') return { error: rs };
	const template = (rs['spec'] as { template?: Template }).template;
	if (options.dryRun === 'client') return { message: describeTemplate(rs) };
	if (d.spec.paused)
		return {
			error:
				"you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
		};
	const revision = Number(rs.metadata.annotations?.[REVISION]);
	const to = options.toRevision > 0 ? options.toRevision : revision;
	if (equalIgnoreHash(template, d.spec.template))
		return { message: `skipped rollback (current template already matches revision ${to})` };
	if (options.dryRun === 'server') return { message: 'rolled back' };
	const restored = clone(template ?? {}) as Template;
	if (restored.metadata?.labels) delete restored.metadata.labels[POD_TEMPLATE_HASH];
	// The Deployment keeps its own skipped annotations; the rest come from the ReplicaSet.
	const annotations: Record<string, string> = {};
	for (const [k, v] of Object.entries(d.metadata.annotations ?? {}))
		if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
	for (const [k, v] of Object.entries(rs.metadata.annotations ?? {}))
		if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
	const r = ctx.cluster.api.patch(t.type, t.namespace, t.name, (draft) => {
		(draft as Deployment).spec.template = restored;
		draft.metadata.annotations = annotations;
	});
	if (isApiError(r)) return { error: `failed restoring revision ${to}: ${r.message}` };
	return { message: 'rolled back' };
}
