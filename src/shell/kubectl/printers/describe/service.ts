/** describeService (kubectl/pkg/describe/describe.go); endpoints come from the Endpoints object. */
import { isApiError } from '../../../../mesh/api/errors.ts';
import type { KubeObject, Service, ServicePort } from '../../../../mesh/api/objects.ts';
import { field, formatLabels } from '../cells.ts';
import { writeAnnotations, writeEvents, writeLabels } from './common.ts';
import { LEVEL_0, PrefixWriter } from './prefix-writer.ts';
import type { DescribeContext } from './types.ts';

type Subset = { addresses?: { ip: string }[]; ports?: { name?: string; port: number }[] };

/** formatEndpoints restricted to one port name: up to three `ip:port`, then ` + N more...`. */
function endpointsFor(ep: KubeObject | undefined, portName: string): string {
	const list: string[] = [];
	let count = 0;
	for (const ss of (field(ep, 'subsets') ?? []) as Subset[]) {
		for (const p of ss.ports ?? []) {
			if ((p.name ?? '') !== portName) continue;
			for (const a of ss.addresses ?? []) {
				if (list.length < 3) list.push(`${a.ip}:${p.port}`);
				count++;
			}
		}
	}
	if (list.length === 0) return '<none>';
	return count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

/** describe.go buildIngressString: each IP (with its ipMode) or hostname, comma-separated. */
function loadBalancerIngress(obj: KubeObject): string {
	const status = (obj as { status?: { loadBalancer?: { ingress?: unknown } } }).status;
	const ingress = status?.loadBalancer?.ingress;
	return (Array.isArray(ingress) ? (ingress as Record<string, unknown>[]) : [])
		.map((i) => {
			const ip = typeof i['ip'] === 'string' ? i['ip'] : '';
			if (ip === '') return typeof i['hostname'] === 'string' ? i['hostname'] : '';
			return typeof i['ipMode'] === 'string' ? `${ip} (${i['ipMode']})` : ip;
		})
		.join(', ');
}

export function describeService(obj: KubeObject, c: DescribeContext): string {
	const svc = obj as Service;
	const spec = svc.spec ?? {};
	const epType = c.api.resolve('endpoints');
	const ep = epType ? c.api.get(epType, svc.metadata.namespace, svc.metadata.name) : undefined;
	const endpoints = ep && !isApiError(ep) ? ep : undefined;
	const w = new PrefixWriter();
	w.write(LEVEL_0, `Name:\t${svc.metadata.name}\n`);
	w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
	writeLabels(w, 'Labels', svc.metadata.labels);
	writeAnnotations(w, 'Annotations', svc.metadata.annotations);
	const selector = formatLabels(spec.selector);
	w.write(LEVEL_0, `Selector:\t${selector}\n`);
	const type = spec.type ?? 'ClusterIP';
	w.write(LEVEL_0, `Type:\t${type}\n`);
	if (type !== 'ExternalName') {
		w.write(
			LEVEL_0,
			`IP Family Policy:\t${(spec.ipFamilyPolicy as string | undefined) ?? 'SingleStack'}\n`
		);
		const families = (spec.ipFamilies as string[] | undefined) ?? ['IPv4'];
		w.write(LEVEL_0, `IP Families:\t${families.join(',')}\n`);
	} else w.write(LEVEL_0, 'IP Families:\t<none>\n');
	w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
	const ips = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
	w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(',') : '<none>'}\n`);
	if (typeof spec.externalName === 'string')
		w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
	const ingress = loadBalancerIngress(obj);
	if (ingress !== '') w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingress}\n`);
	for (const p of (spec.ports ?? []) as ServicePort[]) {
		const protocol = p.protocol ?? 'TCP';
		w.write(LEVEL_0, `Port:\t${p.name || '<unset>'}\t${p.port}/${protocol}\n`);
		w.write(LEVEL_0, `TargetPort:\t${p.targetPort ?? p.port}/${protocol}\n`);
		if (p.nodePort)
			w.write(LEVEL_0, `NodePort:\t${p.name || '<unset>'}\t${p.nodePort}/${protocol}\n`);
		w.write(LEVEL_0, `Endpoints:\t${endpointsFor(endpoints, p.name ?? '')}\n`);
	}
	w.write(
		LEVEL_0,
		`Session Affinity:\t${(spec.sessionAffinity as string | undefined) ?? 'None'}\n`
	);
	if (type === 'NodePort' || type === 'LoadBalancer')
		w.write(
			LEVEL_0,
			`External Traffic Policy:\t${(spec.externalTrafficPolicy as string | undefined) ?? 'Cluster'}\n`
		);
	if (type !== 'ExternalName')
		w.write(
			LEVEL_0,
			`Internal Traffic Policy:\t${(spec.internalTrafficPolicy as string | undefined) ?? 'Cluster'}\n`
		);
	writeEvents(w, c.events, c.nowMs);
	return w.toString();
}
