/**
 * `istioctl dashboard` against the samples/addons pods, from istioctl/pkg/dashboard/dashboard.go
 * (each addon's port and URL, the fallback to a free port when the addon's is taken, `--port`
 * failing when taken) and pkg/kube/portforwarder.go (the error wrapping).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromUtf8 } from '../../../src/mesh/net/http/message.ts';
import type { Playground } from '../../../src/shell/playground.ts';
import { portForwardsOf } from '../../../src/shell/port-forward-registry.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { GET, start, until } from '../../support/blocking-command.ts';
import { playground } from '../../support/playground.ts';

describe('istioctl dashboard with samples/addons', () => {
	let p: Playground;
	beforeAll(async () => {
		p = await playground('inprocess', 'bookinfo');
		await runTranscript(
			'kubectl create namespace istio-system\nkubectl apply -f samples/addons/kiali.yaml -f samples/addons/prometheus.yaml',
			p.shell
		);
	});
	afterAll(async () => {
		await p?.cluster.dispose();
	});

	it('forwards localhost:20001 to the Kiali pod, whose page says its UI is not simulated', async () => {
		const dash = start(p, 'istioctl dashboard kiali');
		await until('the URL', () => dash.output() !== '');
		expect(dash.output()).toBe('http://localhost:20001/kiali\n');
		const forward = portForwardsOf(p.cluster).get(20001);
		expect(forward?.pod).toMatch(/^kiali-/);
		expect(forward?.path).toBe('/kiali');
		const r = await portForwardsOf(p.cluster).connect(20001, GET('/kiali/'));
		expect(r.type).toBe('data');
		const page = r.type === 'data' ? fromUtf8(r.bytes) : '';
		expect(page).toMatch(/^HTTP\/1\.1 200 OK/);
		expect(page).toContain('The Kiali web UI is not simulated in this playground');
		dash.stop();
		expect(await dash.code).toBe(0);
		expect(portForwardsOf(p.cluster).get(20001)).toBeUndefined();
	});

	it("falls back to a free port when the addon's is taken; --port does not", async () => {
		const first = start(p, 'istioctl dashboard prometheus');
		await until('the first URL', () => first.output() !== '');
		const second = start(p, 'istioctl dashboard prometheus');
		await until('the second URL', () => second.output() !== '');
		expect(second.output()).toBe('http://localhost:38000\n');
		const r = await portForwardsOf(p.cluster).connect(38000, GET('/-/ready'));
		expect(r.type === 'data' ? fromUtf8(r.bytes) : '').toContain('Prometheus Server is Ready.');
		const out = await runTranscript('istioctl dashboard prometheus --port 9090', p.shell);
		expect(out).toBe(
			'$ istioctl dashboard prometheus --port 9090\n' +
				'Error: failure running port forward process: failure running port forward process: port forward: unable to listen on any of the requested ports: [{9090 9090}]\n'
		);
		first.stop();
		second.stop();
		await Promise.all([first.code, second.code]);
	});
});
