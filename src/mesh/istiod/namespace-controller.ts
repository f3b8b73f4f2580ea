/**
 * istiod's namespace controller, carried out where the API is (istiod-feed calls it with
 * istiod's reply to each snapshot): the CA bundle goes into an `istio-ca-root-cert` ConfigMap
 * (key `root-cert.pem`, label `istio.io/config: "true"`) in every namespace but Kubernetes'
 * own, created or brought up to date. Proxies mount it and trust it on 15012 before they have
 * certificates. Mirrors pilot/pkg/serviceregistry/kube/controller/namespacecontroller.go
 * (kube-system is kept: ztunnel may run there). Like istiod, it never deletes the ConfigMaps.
 */
import type { ApiServer } from '../api/api-server.ts';
import type { KubeObject } from '../api/objects.ts';
import { CONFIG_MAPS, NAMESPACES } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import { CA_ROOT_CONFIGMAP, CA_ROOT_CONFIGMAP_KEY } from '../xds/root-cert.ts';

/** inject.IgnoredNamespaces without kube-system. */
const IGNORED = new Set(['kube-public', 'kube-node-lease', 'local-path-storage']);

/** The bundle istiod's reply carries (pilot.ts), or undefined before its CA exists. */
function caRootPem(reply: unknown): string | undefined {
	const pem = (reply as { caRootPem?: unknown } | undefined)?.caRootPem;
	return typeof pem === 'string' && pem !== '' ? pem : undefined;
}

export function publishCaRoot(api: ApiServer, reply: unknown): void {
	const pem = caRootPem(reply);
	const namespaces = pem === undefined ? [] : api.list(NAMESPACES);
	if (pem === undefined || isApiError(namespaces)) return;
	for (const ns of namespaces) {
		const name = ns.metadata.name;
		if (IGNORED.has(name) || ns.metadata.deletionTimestamp !== undefined) continue;
		const live = api.get(CONFIG_MAPS, name, CA_ROOT_CONFIGMAP);
		if (isApiError(live)) {
			api.create({
				apiVersion: 'v1',
				kind: 'ConfigMap',
				metadata: {
					name: CA_ROOT_CONFIGMAP,
					namespace: name,
					labels: { 'istio.io/config': 'true' }
				} as Partial<KubeObject['metadata']> as KubeObject['metadata'],
				data: { [CA_ROOT_CONFIGMAP_KEY]: pem }
			});
			continue;
		}
		const data = (live as { data?: Record<string, string> }).data;
		if (data?.[CA_ROOT_CONFIGMAP_KEY] === pem) continue;
		api.patch(CONFIG_MAPS, name, CA_ROOT_CONFIGMAP, (draft) => {
			const d = draft as { data?: Record<string, string> };
			d.data = { ...d.data, [CA_ROOT_CONFIGMAP_KEY]: pem };
		});
	}
}
