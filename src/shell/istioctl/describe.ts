/**
 * `istioctl experimental describe pod|service` (istioctl/pkg/describe/describe.go, 1.30.3): the
 * pod and its warnings, the Services that select it, then per Service port the DestinationRule
 * and VirtualService its sidecar applies, the effective PeerAuthentication and the ingress
 * gateways. As in 1.30.3 it reads a sidecar's Envoy config dump, so a pod without one (an ambient
 * pod) ends in "failed to execute command on sidecar" unless `--ignoreUnmeshed`.
 *
 * Simplified (README): the VirtualService comes from the route metadata of the config dump as in
 * istioctl; the DestinationRule is the one istiod's rule picks for the host (the playground's
 * clusters carry no `istio.config` metadata to read it from); RBAC policy names are not printed.
 */
import { isApiError } from '../../mesh/api/errors.ts';
import type { KubeObject, Pod, Service } from '../../mesh/api/objects.ts';
import { ruleFor } from '../../mesh/istiod/sidecar-tls.ts';
import type { Cluster } from '../../mesh/cluster.ts';
import type { CommandContext, CommandIO } from '../command.ts';
import { bool, int, str, type FlagSpec, type ParsedFlags } from '../kubectl/flags.ts';
import { fail, istioNamespace, parseCommandFlags } from './common.ts';
import {
	destRuleSubsets,
	kname,
	printDestinationRule,
	printPeerAuthentication,
	printPod,
	printService,
	printVirtualService
} from './describe/print.ts';
import { printIngressInfo } from './describe/ingress.ts';
import {
	labelsMatch,
	listOf,
	SEPARATOR,
	virtualServiceFor,
	type Options
} from './describe/lookup.ts';
import { parseEnvoyDump, routeConfigs } from './proxy-config/dump.ts';
import { envoyDo } from './proxy-config/target.ts';
import type { IstioctlCommand } from './types.ts';
import { inferNsInfo } from './ztunnel-config/target.ts';

const FLAGS: readonly FlagSpec[] = [
	{ name: 'ignoreUnmeshed', type: 'bool', description: 'Suppress warnings for unmeshed pods' },
	{
		name: 'proxy-admin-port',
		type: 'int',
		description: 'Envoy proxy admin port (default 15000)'
	}
];

const EXPERIMENTAL_MSG =
	'THIS COMMAND IS UNDER ACTIVE DEVELOPMENT AND NOT READY FOR PRODUCTION USE.';

function options(flags: ParsedFlags): Options {
	return {
		ns: str(flags, 'namespace') || 'default',
		ignoreUnmeshed: bool(flags, 'ignoreUnmeshed'),
		adminPort: int(flags, 'proxy-admin-port') ?? 15000,
		istioNs: istioNamespace(flags)
	};
}

/** describePodServices: the config dump of `pod`, then per Service and port its DR and VS. */
async function describePodServices(
	cluster: Cluster,
	pod: Pod,
	services: readonly Service[],
	podsLabels: readonly Record<string, string>[],
	o: Options,
	io: CommandIO
): Promise<number | undefined> {
	const ref = { name: pod.metadata.name, namespace: pod.metadata.namespace ?? 'default' };
	const what = 'envoy';
	const body = await envoyDo(cluster, ref, 'GET', 'config_dump', o.adminPort, what);
	if (typeof body !== 'string') {
		if (o.ignoreUnmeshed) return undefined;
		const prefix = `failed to execute command on ${ref.name}.${ref.namespace} ${what}: `;
		return fail(io, `failed to execute command on sidecar: ${body.error.replace(prefix, '')}`);
	}
	const dump = parseEnvoyDump(body);
	if ('error' in dump)
		return fail(io, `can't parse sidecar config_dump for ${dump.error}: ${ref.name}`);
	const routes = routeConfigs(dump);
	const drs = listOf<KubeObject>(cluster, 'destinationrules.networking.istio.io');
	const root = o.istioNs;
	for (const [row, svc] of services.entries()) {
		if (row !== 0) io.stdout(SEPARATOR);
		io.stdout(printService(svc, pod, o.ns));
		const ports = svc.spec.ports ?? [];
		const indent = ports.length > 1 ? '   ' : '';
		const svcNs = svc.metadata.namespace ?? 'default';
		const hostname = `${svc.metadata.name}.${svcNs}.svc.cluster.local`;
		for (const port of ports) {
			if (ports.length > 1) io.stdout(`${port.port}:\n`);
			const dr = ruleFor(drs, [...new Set([ref.namespace, svcNs, root])], hostname);
			if (dr) io.stdout(printDestinationRule(dr, indent, podsLabels, o.ns));
			const subsets = destRuleSubsets(dr, podsLabels);
			const vsRef = virtualServiceFor(routes, svc, port.port);
			if (!vsRef) continue;
			const vsType = cluster.api.resolve('virtualservices.networking.istio.io');
			const vs = vsType ? cluster.api.get(vsType, vsRef.namespace, vsRef.name) : undefined;
			if (vs && !isApiError(vs)) io.stdout(printVirtualService(vs, indent, svc, subsets, dr, o.ns));
			else
				io.stdout(
					`WARNING: Proxy is stale; it references to non-existent virtual service ${vsRef.name}.${vsRef.namespace}\n`
				);
		}
	}
	return undefined;
}

function getPod(cluster: Cluster, name: string, namespace: string): Pod | string {
	const type = cluster.api.resolve('pods');
	const pod = type ? cluster.api.get(type, namespace, name) : undefined;
	if (!pod || isApiError(pod)) return `pods "${name}" not found`;
	return pod as Pod;
}

async function runPod(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parseCommandFlags(io, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const o = options(flags);
	if (flags.positional.length !== 1) return fail(io, 'expecting pod name');
	const { name, namespace } = inferNsInfo(flags.positional[0] as string, o.ns);
	const cluster = ctx.cluster;
	const pod = getPod(cluster, name, namespace);
	if (typeof pod === 'string') return fail(io, pod);
	io.stdout(printPod(pod, o.ns, o.ignoreUnmeshed));
	const labels = pod.metadata.labels ?? {};
	const services = listOf<Service>(cluster, 'services', namespace).filter(
		(s) =>
			Object.keys(s.spec.selector ?? {}).length > 0 && labelsMatch(s.spec.selector ?? {}, labels)
	);
	if (services.length === 0 && !o.ignoreUnmeshed)
		io.stdout(
			`Warning: No Kubernetes Services select pod ${kname(pod, o.ns)} (see https://istio.io/docs/setup/kubernetes/additional-setup/requirements/ )\n`
		);
	io.stdout(SEPARATOR);
	const failed = await describePodServices(cluster, pod, services, [labels], o, io);
	if (failed !== undefined) return failed;
	io.stdout(SEPARATOR);
	const cm = listOf<KubeObject>(cluster, 'configmaps', o.istioNs).find(
		(c) => c.metadata.name === 'istio'
	);
	if (!cm)
		return fail(
			io,
			`failed to fetch mesh config: could not read configmap "istio" from namespace "${o.istioNs}": configmaps "istio" not found`
		);
	const pas = listOf<KubeObject>(cluster, 'peerauthentications.security.istio.io');
	io.stdout(printPeerAuthentication(pas, o.istioNs, namespace, labels));
	return printIngressInfo(cluster, services, [labels], o, io);
}

const isReady = (pod: Pod, container: string): boolean | undefined =>
	[...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find(
		(s) => s.name === container
	)?.ready;

async function runService(
	argv: readonly string[],
	io: CommandIO,
	ctx: CommandContext
): Promise<number> {
	const flags = parseCommandFlags(io, argv, FLAGS);
	if (typeof flags === 'number') return flags;
	const o = options(flags);
	if (flags.positional.length !== 1) return fail(io, 'expecting service name');
	const { name, namespace } = inferNsInfo(flags.positional[0] as string, o.ns);
	const cluster = ctx.cluster;
	const svcType = cluster.api.resolve('services');
	const got = svcType ? cluster.api.get(svcType, namespace, name) : undefined;
	if (!got || isApiError(got)) return fail(io, `services "${name}" not found`);
	const svc = got as Service;
	const selector = svc.spec.selector ?? {};
	const selected =
		Object.keys(selector).length === 0
			? []
			: listOf<Pod>(cluster, 'pods', namespace).filter((p) =>
					labelsMatch(selector, p.metadata.labels ?? {})
				);
	const matching: Pod[] = [];
	for (const pod of selected) {
		if (pod.status?.phase !== 'Running') {
			io.stdout(`   Pod is not Running (${pod.status?.phase ?? 'Pending'})\n`);
			continue;
		}
		const ready = isReady(pod, 'istio-proxy');
		if (ready === undefined) {
			io.stdout(`Pod ${kname(pod, o.ns)}: no container "istio-proxy" in pod\n`);
			continue;
		}
		if (!ready) {
			io.stdout(`WARNING: Pod ${kname(pod, o.ns)} Container istio-proxy NOT READY\n`);
			continue;
		}
		matching.push(pod);
	}
	const first = matching[0];
	if (!first) {
		if (selected.length === 0)
			io.stdout(`Service ${JSON.stringify(kname(svc, o.ns))} has no pods.\n`);
		else
			io.stdout(
				`Service ${JSON.stringify(kname(svc, o.ns))} has no Istio pods.  (${selected.length} pods in service).\nUse \`istioctl kube-inject\` or redeploy with Istio automatic sidecar injection.\n`
			);
		return 0;
	}
	const podsLabels = matching.map((p) => p.metadata.labels ?? {});
	const failed = await describePodServices(cluster, first, [svc], podsLabels, o, io);
	if (failed !== undefined) return failed;
	return printIngressInfo(cluster, [svc], podsLabels, o, io);
}

const podCommand: IstioctlCommand = {
	name: 'pod',
	aliases: ['po'],
	summary: 'Describe pods and their Istio configuration [kube-only]',
	long: `Analyzes pod, its Services, DestinationRules, and VirtualServices and reports
the configuration objects that affect that pod.

${EXPERIMENTAL_MSG}`,
	example: `  # Pod query with inferred namespace (current context's namespace)
  istioctl experimental describe pod helloworld-v1-676yyy3y5r-d8hdl

  # Pod query with explicit namespace 
  istioctl experimental describe pod istio-eastwestgateway-7f4b4f44b-6zd95.istio-system
  or
  istioctl experimental describe pod istio-eastwestgateway-7f4b4f44b-6zd95 -n istio-system`,
	usage: 'istioctl experimental describe pod <pod-name>[.<namespace>] [flags]',
	flags: FLAGS,
	run: runPod
};

const serviceCommand: IstioctlCommand = {
	name: 'service',
	aliases: ['svc'],
	summary: 'Describe services and their Istio configuration [kube-only]',
	long: `Analyzes service, pods, DestinationRules, and VirtualServices and reports
the configuration objects that affect that service.

${EXPERIMENTAL_MSG}`,
	example: `  # Service query with inferred namespace (current context's namespace)
  istioctl experimental describe service productpage

  # Service query with explicit namespace
  istioctl experimental describe service istio-ingressgateway.istio-system
  or
  istioctl experimental describe service istio-ingressgateway -n istio-system`,
	usage: 'istioctl experimental describe service <svc-name>[.<namespace>] [flags]',
	flags: FLAGS,
	run: runService
};

export const describeCommand: IstioctlCommand = {
	name: 'describe',
	aliases: ['des'],
	summary: 'Describe resource and related Istio configuration',
	usage: 'istioctl experimental describe [flags]',
	flags: [],
	runnable: true,
	argsError: (arg) => `unknown resource type "${arg}"`,
	subcommands: [podCommand, serviceCommand]
};
