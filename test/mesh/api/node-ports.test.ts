/**
 * NodePorts as kube-apiserver allocates them (kubernetes 1.30
 * pkg/registry/core/service/portallocator and storage.go `patchAllocatedValues`; default
 * `--service-node-port-range` 30000-32767): NodePort and LoadBalancer Services get one per port,
 * a requested port is reserved or refused with the server's message, an update keeps them by
 * port name, a ClusterIP Service may not carry one, deleting the Service frees them.
 */
import { describe, expect, it } from 'vitest';
import { bootstrapApi } from '../../../src/mesh/api/bootstrap.ts';
import { SERVICES } from '../../../src/mesh/api/builtin-resources.ts';
import { isApiError, type ApiError } from '../../../src/mesh/api/errors.ts';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { createApiServer } from '../../../src/mesh/api/store.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { ms } from '../../../src/mesh/types.ts';

function server() {
	const api = createApiServer({ rng: createRng(1), now: () => ms(0) });
	bootstrapApi(api);
	return api;
}

type Port = { name?: string; port: number; nodePort?: number };
const service = (name: string, type: string, ports: Port[]): KubeObject => ({
	apiVersion: 'v1',
	kind: 'Service',
	metadata: { name, namespace: 'default' } as KubeObject['metadata'],
	spec: { type, selector: { app: name }, ports }
});
const portsOf = (o: unknown): Port[] => ((o as KubeObject).spec as { ports: Port[] }).ports;

describe('node ports', () => {
	it.each(['NodePort', 'LoadBalancer'])('a %s Service gets one per port, in range', (type) => {
		const api = server();
		const created = api.create(
			service('web', type, [
				{ name: 'http', port: 80 },
				{ name: 'https', port: 443 }
			])
		);
		const ports = portsOf(created).map((p) => p.nodePort ?? 0);
		expect(ports).toHaveLength(2);
		for (const n of ports) expect(n >= 30000 && n <= 32767).toBe(true);
		expect(new Set(ports).size).toBe(2);
	});

	it('a ClusterIP Service gets none and may not ask for one', () => {
		const api = server();
		expect(portsOf(api.create(service('a', 'ClusterIP', [{ port: 80 }])))[0]?.nodePort).toBe(
			undefined
		);
		const r = api.create(service('b', 'ClusterIP', [{ port: 80, nodePort: 30080 }]));
		expect((r as ApiError).message).toBe(
			'The Service "b" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\''
		);
	});

	it('a requested port is reserved; taken or out of range is Invalid and changes nothing', () => {
		const api = server();
		const a = api.create(service('a', 'NodePort', [{ port: 80, nodePort: 30080 }]));
		expect(portsOf(a)[0]?.nodePort).toBe(30080);
		const taken = api.create(service('b', 'NodePort', [{ port: 80, nodePort: 30080 }]));
		expect(isApiError(taken) && taken.message).toBe(
			'The Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated'
		);
		const out = api.create(service('c', 'NodePort', [{ port: 80, nodePort: 8080 }]));
		expect(isApiError(out) && out.message).toBe(
			'The Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767'
		);
		expect(isApiError(api.get(SERVICES, 'default', 'b'))).toBe(true);
	});

	it('an apply without nodePort keeps each port by name; delete frees them', () => {
		const api = server();
		const first = portsOf(api.create(service('web', 'NodePort', [{ name: 'http', port: 80 }])));
		const applied = api.apply(service('web', 'NodePort', [{ name: 'http', port: 80 }]));
		const again = portsOf((applied as { object: KubeObject }).object);
		expect(again[0]?.nodePort).toBe(first[0]?.nodePort);
		api.delete(SERVICES, 'default', 'web');
		const reuse = api.create(
			service('other', 'NodePort', [{ port: 80, nodePort: first[0]?.nodePort ?? 0 }])
		);
		expect(isApiError(reuse)).toBe(false);
	});
});
