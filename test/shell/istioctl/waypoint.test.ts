/**
 * `istioctl waypoint` on an empty cluster without Istio: what needs no istiod (generate, the
 * errors, labels and the Gateway it applies, list, delete). The full flow with istiod is the
 * golden transcript test/transcripts/waypoint-setup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Istioctl, emptyPlayground } from './helpers.ts';

const CRDS =
	'kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml';

let t: Istioctl;
beforeAll(async () => {
	t = await emptyPlayground();
});
afterAll(() => t.dispose());

describe('istioctl waypoint', () => {
	it('generate prints the Gateway as istioctl marshals it', async () => {
		const r = await t.run('istioctl waypoint generate --for service -n default');
		expect(r.stdout).toBe(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  labels:
    istio.io/waypoint-for: service
  name: waypoint
  namespace: default
spec:
  gatewayClassName: istio-waypoint
  listeners:
  - name: mesh
    port: 15008
    protocol: HBONE
`);
		const bare = await t.run('istioctl waypoint generate --name eastwest');
		expect(bare.stdout).not.toContain('namespace:');
		expect(bare.stdout).not.toContain('labels:');
		expect(bare.stdout).toContain('name: eastwest');
	});

	const errors = [
		{
			line: 'istioctl waypoint generate --for pods',
			stderr:
				'Error: failed to create gateway: invalid traffic type: pods. Valid options are: [all none service workload]\n'
		},
		{
			line: 'istioctl waypoint apply --name none',
			stderr:
				"Error: failed to create gateway: invalid name provided for waypoint, 'none' is a reserved value\n"
		},
		{
			line: 'istioctl waypoint apply',
			stderr:
				'Error: missing Kubernetes Gateway CRDs need to be installed before applying a waypoint: the server could not find the requested resource (patch gateways.gateway.networking.k8s.io waypoint)\n'
		},
		{ line: 'istioctl waypoint apply -n nope', stderr: 'Error: namespace: nope not found\n' },
		{
			line: 'istioctl waypoint delete',
			stderr:
				'Error: must specify a waypoint name or delete all using --all or delete specific revision using --revision\n'
		},
		{
			line: 'istioctl waypoint delete --all waypoint',
			stderr: 'Error: cannot specify waypoint names when deleting all waypoints\n'
		}
	];
	it.each(errors)('$line', async ({ line, stderr }) => {
		const r = await t.run(line);
		expect(r.stderr).toBe(stderr);
		expect(r.code).toBe(1);
	});

	it('without the CRDs a Gateway manifest is refused the way kubectl does', async () => {
		const r = await t.run('kubectl apply -f samples/bookinfo/gateway-api/bookinfo-gateway.yaml');
		expect(r.stderr).toContain(
			'error: resource mapping not found for name: "bookinfo-gateway" namespace: "" from "samples/bookinfo/gateway-api/bookinfo-gateway.yaml": no matches for kind "Gateway" in version "gateway.networking.k8s.io/v1"\nensure CRDs are installed first'
		);
	});

	it('apply, list, delete once the CRDs exist', async () => {
		expect((await t.run(CRDS)).code).toBe(0);
		expect((await t.run('istioctl waypoint list')).stdout).toBe('No waypoints found.\n');
		const applied = await t.run('istioctl waypoint apply --for workload --enroll-namespace');
		expect(applied.stdout).toBe(
			'⚠️ Warning: namespace is not enrolled in ambient. Consider running\t`kubectl label namespace default istio.io/dataplane-mode=ambient`\n' +
				'✅ waypoint default/waypoint applied\n' +
				'✅ namespace default labeled with "istio.io/use-waypoint: waypoint"\n'
		);
		const gw = t.list('gateways.gateway.networking.k8s.io', 'default')[0];
		expect(gw?.metadata.labels).toEqual({ 'istio.io/waypoint-for': 'workload' });
		expect(
			t.list('namespaces').find((n) => n.metadata.name === 'default')?.metadata.labels
		).toMatchObject({ 'istio.io/use-waypoint': 'waypoint' });
		const again = await t.run('istioctl waypoint apply --enroll-namespace');
		expect(again.stdout).toBe(
			'⚠️ Warning: namespace (default) already has an enrolled Waypoint. Consider adding the `--overwrite` flag to your apply command.\n'
		);
		// No istiod: the Gateway waits for a controller.
		expect((await t.run('istioctl waypoint list')).stdout).toBe(
			'NAME         REVISION     TRAFFIC TYPE     PROGRAMMED\nwaypoint     default      workload         Unknown\n'
		);
		expect((await t.run('kubectl get gateway')).stdout).toMatch(
			/^NAME\s+CLASS\s+ADDRESS\s+PROGRAMMED\s+AGE\nwaypoint\s+istio-waypoint\s+Unknown\s+\d+s\n$/
		);
		const del = await t.run('istioctl waypoint delete waypoint other');
		expect(del.stdout).toBe(
			'waypoint default/other not found\nwaypoint default/waypoint deleted\n'
		);
		expect((await t.run('istioctl waypoint list')).stdout).toBe('No waypoints found.\n');
	});
});
