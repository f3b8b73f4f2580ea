/**
 * kube-controller-manager's resourcequota controller (pkg/controller/resourcequota): keeps each
 * ResourceQuota's `status.hard` equal to its spec and `status.used` to what its namespace uses
 * (api/resource-quota.ts), recomputed whenever a quota or anything it counts changes.
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';
import { PODS, RESOURCE_QUOTAS } from '../api/builtin-resources.ts';
import { deepEqual } from '../api/deep.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import {
	COUNTED_KINDS,
	quotaStatus,
	quotaUsed,
	readQuota,
	type NamespaceObjects
} from '../api/resource-quota.ts';
import type { Controller } from './controller.ts';
import { listAll } from './pods.ts';

const WATCHED = new Set(['ResourceQuota', 'Pod', ...Object.values(COUNTED_KINDS)]);

export function createResourceQuotaController(api: ApiServer): Controller {
	function objectsOf(namespace: string): NamespaceObjects {
		return {
			pods: listAll<Pod>(api, PODS, { namespace }),
			count: (kind) => {
				const type = api.resourceFor('v1', kind);
				return type ? listAll(api, type, { namespace }).length : 0;
			}
		};
	}

	return {
		name: 'resourcequota-controller',
		wants: (e: WatchEvent) => e.resource.group === '' && WATCHED.has(e.resource.kind),
		sync() {
			const quotas = listAll(api, RESOURCE_QUOTAS);
			for (const q of quotas) {
				const namespace = q.metadata.namespace ?? 'default';
				const quota = readQuota(q);
				const status = quotaStatus(quota, quotaUsed(quota, objectsOf(namespace)));
				if (deepEqual((q as KubeObject & { status?: unknown }).status, status)) continue;
				api.patch(RESOURCE_QUOTAS, namespace, q.metadata.name, (draft) => {
					(draft as KubeObject & { status?: unknown }).status = status;
				});
			}
		}
	};
}
