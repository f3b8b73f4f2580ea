/**
 * kubelet's prober, row by row from Kubernetes v1.30's source: probe defaults
 * (pkg/apis/core/v1/defaults.go SetDefaults_Probe, SetDefaults_HTTPGetAction), validation
 * (pkg/apis/core/validation/validation.go validateProbe, validateHandler), the HTTP probe's
 * request and verdict (pkg/probe/http/request.go NewRequestForHTTPGetAction, http.go
 * DoHTTPProbe), and probe results in a pod's status (pkg/kubelet/prober/prober_manager.go
 * UpdatePodStatus; pkg/kubelet/status/generate.go GeneratePodReadyCondition).
 */
import { describe, expect, it } from 'vitest';
import { defaultPodSpec } from '../../../src/mesh/api/defaults.ts';
import type { PodStatus } from '../../../src/mesh/api/objects.ts';
import { validatePodSpec } from '../../../src/mesh/api/validate.ts';
import { httpOutcome, httpProbeRequest } from '../../../src/mesh/cluster/probe-actions.ts';
import { isProbed, resolvePort } from '../../../src/mesh/cluster/probe-spec.ts';
import { withProbes } from '../../../src/mesh/cluster/probe-status.ts';
import type { PodProbes } from '../../../src/mesh/cluster/prober.ts';

describe('probe defaults (SetDefaults_Probe, SetDefaults_HTTPGetAction)', () => {
	it.each([
		[
			'httpGet with a port only',
			{ httpGet: { port: 8080 } },
			{
				httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
				timeoutSeconds: 1,
				periodSeconds: 10,
				successThreshold: 1,
				failureThreshold: 3
			}
		],
		[
			'explicit values are kept',
			{ tcpSocket: { port: 80 }, periodSeconds: 5, failureThreshold: 1, initialDelaySeconds: 3 },
			{
				tcpSocket: { port: 80 },
				initialDelaySeconds: 3,
				timeoutSeconds: 1,
				periodSeconds: 5,
				successThreshold: 1,
				failureThreshold: 1
			}
		],
		[
			'grpc service defaults to ""',
			{ grpc: { port: 9000 } },
			{
				grpc: { port: 9000, service: '' },
				timeoutSeconds: 1,
				periodSeconds: 10,
				successThreshold: 1,
				failureThreshold: 3
			}
		]
	])('%s', (_, probe, expected) => {
		const spec = { containers: [{ name: 'app', image: 'nginx:1.27', readinessProbe: probe }] };
		defaultPodSpec(spec);
		expect(spec.containers[0]?.readinessProbe).toEqual(expected);
	});

	it('a pod template keeps its probes as written (README: Simplified)', () => {
		const spec = {
			containers: [{ name: 'app', image: 'nginx:1.27', readinessProbe: { exec: {} } }]
		};
		defaultPodSpec(spec, false, false);
		expect(spec.containers[0]?.readinessProbe).toEqual({ exec: {} });
	});
});

describe('probe validation (validateProbe, validateHandler)', () => {
	const errors = (field: string, probe: unknown) =>
		validatePodSpec({ containers: [{ name: 'app', image: 'nginx', [field]: probe }] }, 'spec');
	it.each([
		['livenessProbe', { exec: { command: ['true'] } }, []],
		[
			'readinessProbe',
			{},
			['spec.containers[0].readinessProbe: Required value: must specify a handler type']
		],
		[
			'readinessProbe',
			{ exec: { command: ['true'] }, tcpSocket: { port: 80 } },
			[
				'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type'
			]
		],
		['readinessProbe', { tcpSocket: { port: 80 }, successThreshold: 2 }, []],
		[
			'livenessProbe',
			{ tcpSocket: { port: 80 }, successThreshold: 2 },
			['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1']
		],
		[
			'startupProbe',
			{ tcpSocket: { port: 80 }, successThreshold: 3 },
			['spec.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1']
		]
	])('%s %j', (field, probe, expected) => {
		expect(errors(field, probe)).toEqual(expected);
	});

	it('refuses gRPC probes with a note', () => {
		expect(errors('readinessProbe', { grpc: { port: 9000 } })).toEqual([
			'spec.containers[0].readinessProbe.grpc: Forbidden: gRPC probes are not simulated in the playground (use httpGet, tcpSocket or exec)'
		]);
	});
});

describe('HTTP probe (request.go, http.go)', () => {
	it("sends kubelet's GET with User-Agent kube-probe/1.30 and Accept */*", () => {
		expect(httpProbeRequest('10.244.1.5:8080', '/healthz', { port: 8080 })).toBe(
			'GET /healthz HTTP/1.1\r\nHost: 10.244.1.5:8080\r\nUser-Agent: kube-probe/1.30\r\nAccept: */*\r\nConnection: close\r\n\r\n'
		);
	});

	it('httpHeaders override Host, User-Agent and Accept', () => {
		const headers = [
			{ name: 'Host', value: 'example.com' },
			{ name: 'User-Agent', value: 'mine' },
			{ name: 'X-Custom', value: 'yes' }
		];
		expect(httpProbeRequest('10.244.1.5:80', '/', { port: 80, httpHeaders: headers })).toBe(
			'GET / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nUser-Agent: mine\r\nX-Custom: yes\r\nConnection: close\r\n\r\n'
		);
	});

	it.each([
		['HTTP/1.1 200 OK\r\n\r\n', true, ''],
		['HTTP/1.1 204 No Content\r\n\r\n', true, ''],
		['HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n', true, ''],
		['HTTP/1.1 399 Whatever\r\n\r\n', true, ''],
		['HTTP/1.1 400 Bad Request\r\n\r\n', false, 'HTTP probe failed with statuscode: 400'],
		['HTTP/1.1 503 Service Unavailable\r\n\r\n', false, 'HTTP probe failed with statuscode: 503']
	])('%j → ok=%s', (response, ok, output) => {
		expect(httpOutcome(response)).toEqual({ ok, output });
	});
});

describe('which containers kubelet probes, and their ports', () => {
	it.each([
		['nginx:1.27', true],
		['docker.io/mccutchen/go-httpbin:v2.15.0', true],
		['docker.io/istio/proxyv2:1.30.3', false],
		['docker.io/istio/pilot:1.30.3', false],
		['registry.k8s.io/coredns/coredns:v1.12.1', false]
	])('%s → %s', (image, probed) => {
		expect(isProbed({ name: 'c', image })).toBe(probed);
	});

	it('a named port resolves through the container ports (FindPortByName)', () => {
		const c = { name: 'c', image: 'x', ports: [{ name: 'http', containerPort: 8080 }] };
		expect(resolvePort(c, 'http')).toBe(8080);
		expect(resolvePort(c, '9090')).toBe(9090);
		expect(resolvePort(c, 'nope')).toBeUndefined();
	});
});

describe('probe results in the pod status (UpdatePodStatus, GeneratePodReadyCondition)', () => {
	const running = (name: string) => ({
		name,
		image: 'x',
		ready: true,
		restartCount: 0,
		started: true,
		state: { running: { startedAt: 't0' } }
	});
	const status = (): PodStatus => ({
		phase: 'Running',
		conditions: [
			{ type: 'Initialized', status: 'True', lastTransitionTime: 't0' },
			{ type: 'Ready', status: 'True', lastTransitionTime: 't0' },
			{ type: 'ContainersReady', status: 'True', lastTransitionTime: 't0' }
		],
		containerStatuses: [running('app'), running('side')]
	});
	const probes = (ready: [string, boolean][], started: [string, boolean][] = []): PodProbes => ({
		ready: new Map(ready),
		started: new Map(started),
		workers: []
	});

	it('a failing readiness probe: the container and the pod are not ready', () => {
		const next = withProbes(status(), probes([['app', false]]), 't1', status());
		expect(next?.containerStatuses?.map((s) => [s.name, s.ready, s.started])).toEqual([
			['app', false, true],
			['side', true, true]
		]);
		expect(next?.conditions?.find((c) => c.type === 'Ready')).toEqual({
			type: 'Ready',
			status: 'False',
			lastTransitionTime: 't1',
			reason: 'ContainersNotReady',
			message: 'containers with unready status: [app]'
		});
		expect(next?.conditions?.find((c) => c.type === 'Initialized')?.lastTransitionTime).toBe('t0');
	});

	it('a container whose startup probe has not passed is neither started nor ready', () => {
		const next = withProbes(status(), probes([['app', true]], [['app', false]]), 't1', status());
		expect(next?.containerStatuses?.[0]).toMatchObject({ ready: false, started: false });
	});

	it('an unchanged condition keeps its lastTransitionTime', () => {
		const next = withProbes(status(), probes([['app', true]]), 't2', status());
		expect(next?.conditions?.find((c) => c.type === 'Ready')).toEqual({
			type: 'Ready',
			status: 'True',
			lastTransitionTime: 't0'
		});
	});
});
