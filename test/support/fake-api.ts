/**
 * A read-mostly in-memory ApiServer, Cluster and CommandContext for kubectl's read verbs (get,
 * describe …). Objects are seeded as-is; label and field selectors use the real parsers; time is a
 * counter in sim milliseconds so AGE columns are stable.
 */
import type { ApiServer, ListOptions, ResourceType } from '../../src/mesh/api/api-server.ts';
import { BUILTIN_RESOURCES } from '../../src/mesh/api/builtin-resources.ts';
import { apiError, type ApiError } from '../../src/mesh/api/errors.ts';
import { fieldsMatch, parseFieldSelector } from '../../src/mesh/api/field-selectors.ts';
import type { KubeObject } from '../../src/mesh/api/objects.ts';
import { matchesAll, parseLabelSelector } from '../../src/mesh/api/selectors.ts';
import { EPOCH_MS } from '../../src/mesh/api/time.ts';
import type { Cluster } from '../../src/mesh/cluster.ts';
import { ms, type SimMillis } from '../../src/mesh/types.ts';
import type { Command, CommandContext } from '../../src/shell/command.ts';
import { createVfs } from '../../src/shell/vfs-impl.ts';

const qualified = (t: ResourceType): string => (t.group ? `${t.plural}.${t.group}` : t.plural);
const clone = <T>(x: T): T => structuredClone(x);

export class FakeReadApi implements ApiServer {
	readonly types: ResourceType[] = [...BUILTIN_RESOURCES];
	readonly objects: KubeObject[] = [];

	serve(...types: ResourceType[]): this {
		this.types.push(...types);
		return this;
	}
	add(...objects: KubeObject[]): this {
		this.objects.push(...objects.map(clone));
		return this;
	}
	resolve(typed: string): ResourceType | undefined {
		const t = typed.toLowerCase();
		return this.types.find(
			(r) =>
				r.plural === t ||
				r.singular === t ||
				r.shortNames.includes(t) ||
				`${r.plural}.${r.group}` === t
		);
	}
	resourceFor(apiVersion: string, kind: string): ResourceType | undefined {
		const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
		return this.types.find((r) => r.kind === kind && r.group === group);
	}
	resources(): readonly ResourceType[] {
		return this.types;
	}
	#of(type: ResourceType): KubeObject[] {
		return this.objects.filter((o) => this.resourceFor(o.apiVersion, o.kind) === type);
	}
	get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | ApiError {
		const o = this.#of(type).find(
			(x) => x.metadata.name === name && (!type.namespaced || x.metadata.namespace === namespace)
		);
		return o ? clone(o) : apiError('NotFound', `${qualified(type)} "${name}" not found`);
	}
	list(type: ResourceType, options: ListOptions = {}): KubeObject[] | ApiError {
		const labels = parseLabelSelector(options.labelSelector ?? '');
		if ('error' in labels) return apiError('BadRequest', labels.error);
		const fields = parseFieldSelector(options.fieldSelector ?? '', type);
		if ('error' in fields)
			return apiError(
				'BadRequest',
				`Unable to find "${qualified(type)}" that match label selector "", field selector "${options.fieldSelector}": ${fields.error}`
			);
		return this.#of(type)
			.filter(
				(o) =>
					!type.namespaced ||
					options.namespace === undefined ||
					o.metadata.namespace === options.namespace
			)
			.filter((o) => matchesAll(labels, o.metadata.labels) && fieldsMatch(fields, o))
			.map(clone);
	}
	create(): KubeObject | ApiError {
		return apiError('MethodNotAllowed', 'read-only fake');
	}
	update(): KubeObject | ApiError {
		return apiError('MethodNotAllowed', 'read-only fake');
	}
	apply(): ApiError {
		return apiError('MethodNotAllowed', 'read-only fake');
	}
	patch(): KubeObject | ApiError {
		return apiError('MethodNotAllowed', 'read-only fake');
	}
	delete(): KubeObject | ApiError {
		return apiError('MethodNotAllowed', 'read-only fake');
	}
	patchEphemeralContainers(): KubeObject | ApiError {
		return apiError('MethodNotAllowed', 'read-only fake');
	}
	watch(): () => void {
		return () => {};
	}
}

/** Sim time in seconds → the RFC 3339 timestamp the API server would write. */
export function at(seconds: number): string {
	return new Date(EPOCH_MS + seconds * 1000).toISOString().replace('.000Z', 'Z');
}

export function fakeContext(api: ApiServer, nowSeconds: number): CommandContext {
	const cluster: Cluster = {
		api,
		runtime: undefined as never,
		now: (): SimMillis => ms(nowSeconds * 1000),
		settle: async () => {},
		advance: async () => {},
		exec: async () => apiError('MethodNotAllowed', 'no exec in fake'),
		logs: async () => apiError('MethodNotAllowed', 'no logs in fake'),
		nameSuffix: () => 'fake1',
		dispose: async () => {}
	};
	return {
		cluster,
		vfs: createVfs(),
		env: new Map(),
		signal: new AbortController().signal,
		runScript: async () => 0
	};
}

export interface RunResult {
	stdout: string;
	stderr: string;
	code: number;
}

/** Runs a command with argv split on spaces (tests quote nothing) or an explicit argv. */
export async function runCommand(
	cmd: Command,
	ctx: CommandContext,
	argv: string | readonly string[]
): Promise<RunResult> {
	const out = { stdout: '', stderr: '' };
	const code = await cmd.run(
		typeof argv === 'string' ? argv.split(' ').filter((a) => a !== '') : argv,
		{ stdin: '', stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t) },
		ctx
	);
	return { ...out, code };
}
