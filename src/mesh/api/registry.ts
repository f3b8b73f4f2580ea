/**
 * Which kinds the server serves and how typed names resolve to them (the RESTMapper role).
 * Built-in kinds are always served; a CRD adds its kind while it exists.
 */
import type { ResourceType } from './api-server.ts';
import { BUILTIN_RESOURCES, resourceKey } from './builtin-resources.ts';

interface Entry {
	readonly type: ResourceType;
	/** Every served version; `type.version` is the preferred one. */
	readonly versions: readonly string[];
	/** The CRD that defines it (`gateways.gateway.networking.k8s.io`); absent for built-ins. */
	readonly crd?: string;
}

/** Splits `apps/v1` into group and version; `v1` is the core group. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
	const slash = apiVersion.indexOf('/');
	if (slash < 0) return { group: '', version: apiVersion };
	return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

const VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/** Kube-aware version order (apimachinery `CompareKubeAwareVersionStrings`): v1 > v1beta1 > v1alpha3. */
export function compareVersions(a: string, b: string): number {
	const rank = (v: string): [number, number, number] => {
		const m = VERSION.exec(v);
		if (!m) return [-1, 0, 0];
		const stage = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
		return [stage === 2 ? 3 : stage, Number(m[1]), Number(m[3] ?? 0)];
	};
	const [sa, ma, na] = rank(a);
	const [sb, mb, nb] = rank(b);
	if (sa !== sb) return sb - sa;
	if (ma !== mb) return mb - ma;
	if (na !== nb) return nb - na;
	return a < b ? -1 : a > b ? 1 : 0;
}

export class ResourceRegistry {
	readonly #builtins: Entry[] = BUILTIN_RESOURCES.map((type) => ({
		type,
		versions: [type.version]
	}));
	/** CRD-defined kinds, kept sorted by group then plural (aggregator priority for equal groups). */
	#custom: Entry[] = [];

	/** Built-ins first (core before apps), then CRD kinds by group name, as discovery orders them. */
	#entries(): Entry[] {
		return [...this.#builtins, ...this.#custom];
	}

	all(): readonly ResourceType[] {
		return this.#entries().map((e) => e.type);
	}

	resolve(typed: string): ResourceType | undefined {
		const t = typed.trim().toLowerCase();
		if (t === '') return undefined;
		const dot = t.indexOf('.');
		if (dot > 0) {
			const head = t.slice(0, dot);
			const rest = t.slice(dot + 1);
			const grouped = this.#match(head, (e) => e.type.group === rest);
			if (grouped) return grouped;
			// `deployments.v1.apps`: resource.version.group
			const dot2 = rest.indexOf('.');
			if (dot2 > 0) {
				const version = rest.slice(0, dot2);
				const group = rest.slice(dot2 + 1);
				return this.#match(head, (e) => e.type.group === group && e.versions.includes(version));
			}
			return undefined;
		}
		return this.#match(t, () => true);
	}

	#match(name: string, where: (e: Entry) => boolean): ResourceType | undefined {
		const candidates = this.#entries().filter(where);
		const full = candidates.find(
			(e) =>
				e.type.plural === name || e.type.singular === name || e.type.kind.toLowerCase() === name
		);
		if (full) return full.type;
		return candidates.find((e) => e.type.shortNames.includes(name))?.type;
	}

	resourceFor(apiVersion: string, kind: string): ResourceType | undefined {
		const { group, version } = parseApiVersion(apiVersion);
		return this.#entries().find(
			(e) => e.type.group === group && e.type.kind === kind && e.versions.includes(version)
		)?.type;
	}

	/** The CRD name behind a custom kind, or undefined for built-ins. */
	crdOf(type: ResourceType): string | undefined {
		return this.#custom.find((e) => resourceKey(e.type) === resourceKey(type))?.crd;
	}

	isBuiltin(group: string, plural: string): boolean {
		return this.#builtins.some((e) => e.type.group === group && e.type.plural === plural);
	}

	/** Adds (or replaces) the kind a CRD defines. */
	register(crd: string, type: ResourceType, versions: readonly string[]): void {
		this.unregister(crd);
		this.#custom.push({ type, versions, crd });
		this.#custom.sort((a, b) =>
			a.type.group === b.type.group
				? a.type.plural.localeCompare(b.type.plural)
				: a.type.group.localeCompare(b.type.group)
		);
	}

	/** Returns the kind the CRD served, so its objects can be deleted. */
	unregister(crd: string): ResourceType | undefined {
		const entry = this.#custom.find((e) => e.crd === crd);
		this.#custom = this.#custom.filter((e) => e.crd !== crd);
		return entry?.type;
	}
}
