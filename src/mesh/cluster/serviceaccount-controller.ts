/**
 * The ServiceAccount controller: every namespace has a `default` ServiceAccount, recreated if
 * deleted. Pods run as it unless they name another (their SPIFFE identity comes from it).
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';
import { NAMESPACES, SERVICE_ACCOUNTS } from '../api/builtin-resources.ts';
import type { KubeObject } from '../api/objects.ts';
import type { Controller } from './controller.ts';
import { listAll } from './pods.ts';

export function createServiceAccountController(api: ApiServer): Controller {
	return {
		name: 'serviceaccount',
		wants: (e: WatchEvent) =>
			e.resource.group === '' &&
			(e.resource.kind === 'Namespace' ||
				(e.resource.kind === 'ServiceAccount' && e.type === 'DELETED')),
		sync() {
			const have = new Set(
				listAll(api, SERVICE_ACCOUNTS)
					.filter((sa) => sa.metadata.name === 'default')
					.map((sa) => sa.metadata.namespace)
			);
			for (const ns of listAll(api, NAMESPACES)) {
				if (have.has(ns.metadata.name)) continue;
				api.create({
					apiVersion: 'v1',
					kind: 'ServiceAccount',
					metadata: { name: 'default', namespace: ns.metadata.name } as KubeObject['metadata']
				});
			}
		}
	};
}
