import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { bootstrapApi } from '../../../src/mesh/api/bootstrap.ts';
import { isApiError } from '../../../src/mesh/api/errors.ts';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { createApiServer } from '../../../src/mesh/api/store.ts';
import { createGatewayController } from '../../../src/mesh/cluster/gateway-controller.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { ms } from '../../../src/mesh/types.ts';
import { gatewayApiBundle } from '../../../src/shell/samples/gateway-api-crds.ts';
import { GATEWAY_API_STANDARD_URL } from '../../../src/shell/samples/remote-files.ts';

const bundle = (await gatewayApiBundle(GATEWAY_API_STANDARD_URL)) ?? '';

function setup(withIstiod = true) {
	const api = createApiServer({ rng: createRng(1), now: () => ms(0) });
	bootstrapApi(api);
	for (const doc of parseAllDocuments(bundle)) {
		const crd = doc.toJS() as KubeObject | null;
		if (crd) api.create(crd);
	}
	api.create({
		apiVersion: 'v1',
		kind: 'Namespace',
		metadata: { name: 'istio-system' } as KubeObject['metadata']
	});
	if (withIstiod) readyPod(api, 'istio-system', 'istiod-abc', { app: 'istiod' }, '10.244.1.2');
	const controller = createGatewayController(api, () => ms(0));
	const gtw = api.resolve('gateways.gateway.networking.k8s.io');
	if (!gtw) throw new Error('no gateways');
	return { api, sync: () => controller.sync(), gtw };
}

function readyPod(
	api: ReturnType<typeof createApiServer>,
	namespace: string,
	name: string,
	labels: Record<string, string>,
	podIP: string
): void {
	api.create({
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: { name, namespace, labels } as unknown as KubeObject['metadata'],
		spec: { containers: [{ name: 'c', image: 'x' }], nodeName: 'ambient-worker' }
	});
	// What the kubelet reports once the container runs (status is not taken on create).
	api.patch(api.resolve('pods')!, namespace, name, (d) => {
		d['status'] = { phase: 'Running', podIP, conditions: [{ type: 'Ready', status: 'True' }] };
	});
}

const gateway = (
	name: string,
	className: string,
	listeners: unknown[],
	annotations?: Record<string, string>
): KubeObject => ({
	apiVersion: 'gateway.networking.k8s.io/v1',
	kind: 'Gateway',
	metadata: {
		name,
		namespace: 'default',
		...(annotations ? { annotations } : {})
	} as unknown as KubeObject['metadata'],
	spec: { gatewayClassName: className, listeners }
});

const conditions = (o: KubeObject) =>
	((o['status'] as { conditions?: Record<string, unknown>[] }).conditions ?? []).map(
		(c) =>
			`${String(c['type'])}=${String(c['status'])} ${String(c['reason'])}: ${String(c['message'])}`
	);

describe('gateway controller (istiod deployment controller)', () => {
	it('waits for a controller until istiod runs', () => {
		const { api, sync, gtw } = setup(false);
		api.create(
			gateway('waypoint', 'istio-waypoint', [{ name: 'mesh', port: 15008, protocol: 'HBONE' }])
		);
		sync();
		const gw = api.get(gtw, 'default', 'waypoint') as KubeObject;
		expect(conditions(gw)).toEqual([
			'Accepted=Unknown Pending: Waiting for controller',
			'Programmed=Unknown Pending: Waiting for controller'
		]);
		expect(isApiError(api.get(api.resolve('deployments')!, 'default', 'waypoint'))).toBe(true);
	});

	it('creates the built-in GatewayClasses', () => {
		const { api, sync } = setup();
		sync();
		const gc = api.resolve('gatewayclasses')!;
		const names = (api.list(gc) as KubeObject[]).map(
			(c) =>
				`${c.metadata.name} ${String((c['spec'] as { controllerName: string }).controllerName)}`
		);
		expect(names).toEqual([
			'istio istio.io/gateway-controller',
			'istio-waypoint istio.io/mesh-controller'
		]);
	});

	it('deploys a waypoint named like the Gateway, Programmed once a pod is ready', () => {
		const { api, sync, gtw } = setup();
		api.create(
			gateway('waypoint', 'istio-waypoint', [{ name: 'mesh', port: 15008, protocol: 'HBONE' }])
		);
		sync();
		const deploy = api.get(api.resolve('deployments')!, 'default', 'waypoint') as KubeObject;
		const template = (
			deploy['spec'] as {
				template: {
					metadata: { labels: Record<string, string> };
					spec: {
						serviceAccountName: string;
						containers: { name: string; image: string; args: string[] }[];
					};
				};
			}
		).template;
		expect(template.metadata.labels).toMatchObject({
			'gateway.networking.k8s.io/gateway-name': 'waypoint',
			'gateway.networking.k8s.io/gateway-class-name': 'istio-waypoint',
			'gateway.istio.io/managed': 'istio.io-mesh-controller',
			'istio.io/dataplane-mode': 'none'
		});
		expect(template.spec.serviceAccountName).toBe('waypoint');
		expect(template.spec.containers[0]).toMatchObject({
			name: 'istio-proxy',
			image: 'docker.io/istio/proxyv2:1.30.3'
		});
		expect(template.spec.containers[0]?.args.slice(0, 2)).toEqual(['proxy', 'waypoint']);
		const svc = api.get(api.resolve('services')!, 'default', 'waypoint') as KubeObject;
		const spec = svc['spec'] as {
			type: string;
			clusterIP: string;
			ports: { name: string; port: number }[];
		};
		expect(spec.type).toBe('ClusterIP');
		expect(spec.ports.map((p) => `${p.name}:${p.port}`)).toEqual([
			'status-port:15021',
			'mesh:15008'
		]);
		expect(isApiError(api.get(api.resolve('serviceaccounts')!, 'default', 'waypoint'))).toBe(false);

		let gw = api.get(gtw, 'default', 'waypoint') as KubeObject;
		expect(conditions(gw)[1]).toBe(
			'Programmed=False AddressNotAssigned: Failed to assign to any requested addresses: no instances found for hostname "waypoint.default.svc.cluster.local"'
		);
		readyPod(
			api,
			'default',
			'waypoint-123',
			{ 'gateway.networking.k8s.io/gateway-name': 'waypoint' },
			'10.244.1.9'
		);
		sync();
		gw = api.get(gtw, 'default', 'waypoint') as KubeObject;
		expect(conditions(gw)).toEqual([
			'Accepted=True Accepted: Resource accepted',
			'Programmed=True Programmed: Resource programmed, assigned to service(s) waypoint.default.svc.cluster.local:15008'
		]);
		expect((gw['status'] as { addresses: unknown }).addresses).toEqual([
			{ type: 'IPAddress', value: spec.clusterIP }
		]);
	});

	it('an ingress Gateway gets `<name>-istio`, LoadBalancer pending until annotated ClusterIP', () => {
		const { api, sync, gtw } = setup();
		api.create(
			gateway('bookinfo-gateway', 'istio', [{ name: 'http', port: 80, protocol: 'HTTP' }])
		);
		sync();
		readyPod(
			api,
			'default',
			'bookinfo-gateway-istio-1',
			{ 'gateway.networking.k8s.io/gateway-name': 'bookinfo-gateway' },
			'10.244.1.8'
		);
		sync();
		const svcType = () =>
			(
				(api.get(api.resolve('services')!, 'default', 'bookinfo-gateway-istio') as KubeObject)[
					'spec'
				] as { type: string }
			).type;
		expect(svcType()).toBe('LoadBalancer');
		let gw = api.get(gtw, 'default', 'bookinfo-gateway') as KubeObject;
		expect(conditions(gw)[1]).toBe(
			'Programmed=False AddressNotAssigned: Assigned to service(s) bookinfo-gateway-istio.default.svc.cluster.local:80, but failed to assign to all requested addresses: address pending for hostname "bookinfo-gateway-istio.default.svc.cluster.local"'
		);
		api.patch(gtw, 'default', 'bookinfo-gateway', (d) => {
			d.metadata.annotations = { 'networking.istio.io/service-type': 'ClusterIP' };
		});
		sync();
		expect(svcType()).toBe('ClusterIP');
		gw = api.get(gtw, 'default', 'bookinfo-gateway') as KubeObject;
		expect(conditions(gw)[1]).toMatch(/^Programmed=True/);
		expect((gw['status'] as { addresses: unknown }).addresses).toEqual([
			{ type: 'Hostname', value: 'bookinfo-gateway-istio.default.svc.cluster.local' }
		]);
	});
});
