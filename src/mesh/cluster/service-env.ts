/**
 * The Docker-links-style variables kubelet puts in every container for the Services that exist
 * when the pod starts: those of the pod's namespace (with `enableServiceLinks`, the default) and
 * the API server's `kubernetes` Service. Mirrors kubelet's pkg/kubelet/envvars (FromServices) and
 * getServiceEnvVarMap; headless and ExternalName Services get none.
 */
import { SERVICES } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { ApiServer } from '../api/api-server.ts';
import type { Service } from '../api/objects.ts';

const envName = (name: string): string => name.toUpperCase().replace(/-/g, '_');

/** One Service's variables, in kubelet's order. */
export function serviceLinkVars(service: Service): [string, string][] {
	const ip = service.spec.clusterIP;
	const ports = service.spec.ports ?? [];
	const first = ports[0];
	if (!ip || ip === 'None' || !first) return [];
	const name = envName(service.metadata.name);
	const vars: [string, string][] = [
		[`${name}_SERVICE_HOST`, ip],
		[`${name}_SERVICE_PORT`, String(first.port)]
	];
	for (const p of ports) {
		if (p.name) vars.push([`${name}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
	}
	const proto = (first.protocol ?? 'TCP').toLowerCase();
	vars.push([`${name}_PORT`, `${proto}://${ip}:${first.port}`]);
	for (const p of ports) {
		const pp = (p.protocol ?? 'TCP').toLowerCase();
		const prefix = `${name}_PORT_${p.port}_${pp.toUpperCase()}`;
		vars.push(
			[prefix, `${pp}://${ip}:${p.port}`],
			[`${prefix}_PROTO`, pp],
			[`${prefix}_PORT`, String(p.port)],
			[`${prefix}_ADDR`, ip]
		);
	}
	return vars;
}

/** Every service link a container in `namespace` gets, sorted by name (kubelet's map has no order). */
export function serviceEnv(
	api: ApiServer,
	namespace: string,
	enableServiceLinks: boolean
): Record<string, string> {
	const services: Service[] = [];
	const listed = api.list(SERVICES, enableServiceLinks ? { namespace } : { namespace: 'default' });
	if (!isApiError(listed)) {
		for (const s of listed as Service[]) {
			// Without service links only the API server's own Service is linked.
			if (enableServiceLinks || s.metadata.name === 'kubernetes') services.push(s);
		}
	}
	if (enableServiceLinks && namespace !== 'default') {
		const master = api.get(SERVICES, 'default', 'kubernetes');
		if (!isApiError(master)) services.push(master as Service);
	}
	const vars = services.flatMap(serviceLinkVars);
	return Object.fromEntries(vars.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
