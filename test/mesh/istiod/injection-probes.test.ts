/**
 * The injector's probe rewrite, written from istio/istio 1.30.3 pkg/kube/inject/app_probe.go and
 * its testdata (pkg/kube/inject/testdata/inject/tcp-probes.yaml.injected,
 * hello-probes.yaml.injected, https-probes.yaml.injected, named_port.yaml.injected,
 * hello-probes-with-flag-unset-in-annotation.yaml.injected), and the agent's side from
 * pilot/cmd/pilot-agent/status/server.go (`handleAppProbe`, `appProberPattern`).
 */
import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../../src/mesh/api/objects.ts';
import { defaultPodSpec } from '../../../src/mesh/api/defaults.ts';
import { injectSidecar, PROXY_CONTAINER } from '../../../src/mesh/istiod/injection.ts';
import {
	dumpAppProbers,
	KUBE_APP_PROBERS_ENV,
	parseGoBool
} from '../../../src/mesh/istiod/injection-probes.ts';
import { parseAppProbers } from '../../../src/mesh/sidecar/app-health.ts';

function pod(container: Partial<Container>, annotations?: Record<string, string>): Pod {
	const p = {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name: 'hello',
			namespace: 'default',
			labels: { app: 'hello' },
			...(annotations ? { annotations } : {})
		},
		spec: { containers: [{ name: 'hello', image: 'hello:1.0', ...container }] }
	} as unknown as Pod;
	// The webhook sees the pod after the API server defaulted it.
	defaultPodSpec(p.spec as Record<string, unknown>);
	injectSidecar(p);
	return p;
}

const proxyOf = (p: Pod) =>
	[...(p.spec.initContainers ?? []), ...p.spec.containers].find((c) => c.name === PROXY_CONTAINER);
const probersEnv = (p: Pod) => proxyOf(p)?.env?.find((e) => e.name === KUBE_APP_PROBERS_ENV)?.value;
const app = (p: Pod) => p.spec.containers.find((c) => c.name === 'hello') as Container;

describe('probe rewrite (app_probe.go)', () => {
	it('tcp-probes: named and numbered tcpSocket probes become HTTP GETs of 15020', () => {
		const p = pod({
			ports: [{ name: 'http', containerPort: 80 }],
			livenessProbe: { tcpSocket: { port: 'http' } },
			readinessProbe: { tcpSocket: { port: 3333 } }
		});
		// tcp-probes.yaml.injected; the pod here is defaulted, so timeoutSeconds 1 rides along.
		expect(probersEnv(p)).toBe(
			'{"/app-health/hello/livez":{"tcpSocket":{"port":80},"timeoutSeconds":1},' +
				'"/app-health/hello/readyz":{"tcpSocket":{"port":3333},"timeoutSeconds":1}}'
		);
		expect(app(p).livenessProbe).toMatchObject({
			httpGet: { path: '/app-health/hello/livez', port: 15020, scheme: 'HTTP' },
			timeoutSeconds: 1,
			periodSeconds: 10
		});
		expect(app(p).livenessProbe).not.toHaveProperty('tcpSocket');
		expect(app(p).readinessProbe).toMatchObject({
			httpGet: { path: '/app-health/hello/readyz', port: 15020 }
		});
	});

	it('hello-probes: httpGet probes keep their other fields; startup probes too', () => {
		const p = pod({
			livenessProbe: { httpGet: { path: '/ip', port: 8000 }, initialDelaySeconds: 3 },
			startupProbe: { httpGet: { path: '/start', port: 8000 } }
		});
		expect(probersEnv(p)).toBe(
			'{"/app-health/hello/livez":{"httpGet":{"path":"/ip","port":8000,"scheme":"HTTP"},"timeoutSeconds":1},' +
				'"/app-health/hello/startupz":{"httpGet":{"path":"/start","port":8000,"scheme":"HTTP"},"timeoutSeconds":1}}'
		);
		expect(app(p).livenessProbe).toMatchObject({
			httpGet: { path: '/app-health/hello/livez', port: 15020, scheme: 'HTTP' },
			initialDelaySeconds: 3
		});
		expect(app(p).startupProbe).toMatchObject({
			httpGet: { path: '/app-health/hello/startupz', port: 15020 }
		});
	});

	it('https-probes: kubelet speaks HTTP to the agent, the agent HTTPS to the app', () => {
		const p = pod({ readinessProbe: { httpGet: { port: 8443, scheme: 'HTTPS' } } });
		expect(probersEnv(p)).toContain('"httpGet":{"path":"/","port":8443,"scheme":"HTTPS"}');
		expect(app(p).readinessProbe).toMatchObject({ httpGet: { port: 15020, scheme: 'HTTP' } });
	});

	it('exec probes are left alone and give no env', () => {
		const p = pod({ readinessProbe: { exec: { command: ['true'] } } });
		expect(probersEnv(p)).toBeUndefined();
		expect(app(p).readinessProbe).toMatchObject({ exec: { command: ['true'] } });
	});

	it.each([
		['false', false],
		['0', false],
		['F', false],
		['true', true],
		// ParseBool rejects it: the default (rewrite) applies.
		['no', true]
	])('sidecar.istio.io/rewriteAppHTTPProbers: %s → rewritten %s', (value, rewritten) => {
		const p = pod(
			{ readinessProbe: { httpGet: { path: '/', port: 8000 } } },
			{ 'sidecar.istio.io/rewriteAppHTTPProbers': value }
		);
		expect(probersEnv(p) !== undefined).toBe(rewritten);
		expect((app(p).readinessProbe as { httpGet: { port: number } }).httpGet.port).toBe(
			rewritten ? 15020 : 8000
		);
	});

	it('a named port the container does not declare is rewritten but not dumped', () => {
		expect(
			dumpAppProbers(
				[{ name: 'hello', image: 'x', readinessProbe: { httpGet: { port: 'nope' } } }],
				15020
			)
		).toBeUndefined();
	});

	it('a probe already on the status port is not dumped again', () => {
		expect(
			dumpAppProbers(
				[{ name: 'c', image: 'x', livenessProbe: { httpGet: { port: 15020 } } }],
				15020
			)
		).toBeUndefined();
	});

	it('parseGoBool is strconv.ParseBool', () => {
		expect(['1', 't', 'T', 'TRUE', 'true', 'True'].map(parseGoBool)).toEqual(Array(6).fill(true));
		expect(['yes', 'on', ''].map(parseGoBool)).toEqual([undefined, undefined, undefined]);
	});

	it('the agent serves only paths of appProberPattern', () => {
		const m = parseAppProbers(
			'{"/app-health/a/livez":{"tcpSocket":{"port":1}},"/bad":{"tcpSocket":{"port":2}}}'
		);
		expect([...m.keys()]).toEqual(['/app-health/a/livez']);
		expect(parseAppProbers('not json').size).toBe(0);
	});
});
