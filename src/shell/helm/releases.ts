/**
 * Helm's release storage (pkg/storage/driver/secrets.go): one Secret per revision,
 * `sh.helm.release.v1.<name>.v<revision>` of type `helm.sh/release.v1` in the release's namespace,
 * labelled `name`, `owner=helm`, `status`, `version` and `modifiedAt`. Helm's `release` key holds
 * the release gzipped and base64-encoded; here it holds base64 of the record's JSON (no gzip, and
 * only what the playground's commands read: chart, values, resource list, notes).
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { Values } from './values.ts';
import { base64OfText as toBase64 } from '../../mesh/base64.ts';

export type ReleaseStatus =
	| 'deployed'
	| 'failed'
	| 'superseded'
	| 'pending-install'
	| 'pending-upgrade'
	| 'pending-rollback'
	| 'uninstalled';

/** An object the release made, as `helm get manifest` and uninstall find it again. */
export interface ResourceRef {
	readonly apiVersion: string;
	readonly kind: string;
	readonly namespace?: string;
	readonly name: string;
}

export interface Release {
	readonly name: string;
	readonly namespace: string;
	readonly version: number;
	status: ReleaseStatus;
	/** Sim epoch milliseconds of the last deploy. */
	readonly updated: number;
	description: string;
	readonly chart: { readonly name: string; readonly version: string; readonly appVersion: string };
	/** User-supplied values (`helm get values`). */
	readonly config: Values;
	readonly resources: readonly ResourceRef[];
	readonly notes: string;
}

export const secretName = (name: string, version: number): string =>
	`sh.helm.release.v1.${name}.v${version}`;

function fromBase64(text: string): string {
	const binary = atob(text);
	return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

function decode(secret: KubeObject): Release | undefined {
	const data = (secret['data'] ?? {}) as Record<string, string>;
	try {
		return JSON.parse(fromBase64(data['release'] ?? '')) as Release;
	} catch {
		return undefined;
	}
}

function secrets(api: ApiServer) {
	const type = api.resolve('secrets');
	if (!type) throw new Error('secrets are not served');
	return type;
}

/** Every revision of every release in a namespace (all namespaces when undefined), oldest first. */
export function listReleases(api: ApiServer, namespace: string | undefined): Release[] {
	const listed = api.list(secrets(api), {
		...(namespace ? { namespace } : {}),
		labelSelector: 'owner=helm'
	});
	if (isApiError(listed)) return [];
	return listed
		.filter((s) => s['type'] === 'helm.sh/release.v1')
		.map(decode)
		.filter((r): r is Release => r !== undefined)
		.sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
}

/** A release's revisions, oldest first. */
export function history(api: ApiServer, namespace: string, name: string): Release[] {
	return listReleases(api, namespace).filter((r) => r.name === name);
}

/** The newest revision (action.Configuration.Releases.Last). */
export function lastRelease(api: ApiServer, namespace: string, name: string): Release | undefined {
	return history(api, namespace, name).at(-1);
}

function secretFor(r: Release): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Secret',
		metadata: {
			name: secretName(r.name, r.version),
			namespace: r.namespace,
			labels: {
				modifiedAt: String(Math.floor(r.updated / 1000)),
				name: r.name,
				owner: 'helm',
				status: r.status,
				version: String(r.version)
			}
		} as unknown as KubeObject['metadata'],
		type: 'helm.sh/release.v1',
		data: { release: toBase64(JSON.stringify(r)) }
	};
}

/** Creates the revision's Secret; the error is the driver's (`create: failed to create: …`). */
export function createRelease(api: ApiServer, r: Release): string | undefined {
	const created = api.create(secretFor(r));
	return isApiError(created) ? `create: failed to create: ${created.message}` : undefined;
}

/** Rewrites a revision's Secret (status changes: superseded, failed, deployed). */
export function updateRelease(api: ApiServer, r: Release): void {
	const type = secrets(api);
	const live = api.get(type, r.namespace, secretName(r.name, r.version));
	if (isApiError(live)) return;
	const next = secretFor(r);
	api.update({
		...live,
		metadata: { ...live.metadata, labels: next.metadata.labels },
		data: next['data']
	} as KubeObject);
}

export function deleteRelease(api: ApiServer, r: Release): void {
	api.delete(secrets(api), r.namespace, secretName(r.name, r.version));
}
