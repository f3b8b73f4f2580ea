import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromUtf8 } from '../../../src/mesh/net/http/message.ts';
import type { Playground } from '../../../src/shell/playground.ts';
import { portForwardsOf } from '../../../src/shell/port-forward-registry.ts';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { parsePortSpec } from '../../../src/shell/kubectl/port-forward.ts';
import { GET, start, until } from '../../support/blocking-command.ts';
import { playground } from '../../support/playground.ts';

describe('parsePortSpec', () => {
	it.each([
		{ spec: '8080:9080', expected: { local: 8080, remote: '9080' } },
		{ spec: '9080', expected: { local: 9080, remote: '9080' } },
		{ spec: ':9080', expected: { local: undefined, remote: '9080' } },
		{ spec: '8080:http', expected: { local: 8080, remote: 'http' } },
		{ spec: '1:2:3', expected: "invalid port format '1:2:3'" },
		{
			spec: 'abc:80',
			expected: `error parsing local port 'abc': strconv.ParseUint: parsing "abc": invalid syntax`
		},
		{
			spec: '70000:80',
			expected: `error parsing local port '70000': strconv.ParseUint: parsing "70000": value out of range`
		}
	])('$spec', ({ spec, expected }) => {
		expect(parsePortSpec(spec)).toEqual(expected);
	});
});

describe('kubectl port-forward', () => {
	let p: Playground;
	beforeAll(async () => {
		p = await playground('inprocess', 'bookinfo');
	});
	afterAll(async () => {
		await p?.cluster.dispose();
	});

	it('words usage and lookup errors as kubectl does', async () => {
		const out = await runTranscript(
			[
				'kubectl port-forward svc/productpage',
				'kubectl port-forward svc/nope 9080',
				'kubectl port-forward svc/productpage 9081',
				'kubectl port-forward deploy/productpage-v1 1:2:3',
				'kubectl port-forward pod/nope 80'
			].join('\n'),
			p.shell
		);
		expect(out).toBe(
			[
				'$ kubectl port-forward svc/productpage',
				'error: TYPE/NAME and list of ports are required for port-forward',
				"See 'kubectl port-forward -h' for help and examples",
				'$ kubectl port-forward svc/nope 9080',
				'Error from server (NotFound): services "nope" not found',
				'$ kubectl port-forward svc/productpage 9081',
				'error: Service productpage does not have a service port 9081',
				'$ kubectl port-forward deploy/productpage-v1 1:2:3',
				"error: invalid port format '1:2:3'",
				'$ kubectl port-forward pod/nope 80',
				'Error from server (NotFound): pods "nope" not found',
				''
			].join('\n')
		);
	});

	it('forwards a local port into the pod and blocks until Ctrl-C', async () => {
		const registry = portForwardsOf(p.cluster);
		const run = start(p, 'kubectl port-forward svc/productpage 8080:9080');
		await until('the forward', () => registry.get(8080) !== undefined);
		expect(run.output()).toBe(
			'Forwarding from 127.0.0.1:8080 -> 9080\nForwarding from [::1]:8080 -> 9080\n'
		);
		expect(registry.get(8080)?.pod).toMatch(/^productpage-v1-/);

		const reply = await registry.connect(8080, GET('/productpage'));
		expect(reply.type).toBe('data');
		const text = reply.type === 'data' ? fromUtf8(reply.bytes) : '';
		expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
		expect(text).toContain('<title>Simple Bookstore App</title>');
		expect(run.output()).toContain('Handling connection for 8080\n');

		expect(await registry.connect(9999, GET('/'))).toEqual({ type: 'no-forward' });
		// A second forward on the same local port cannot bind.
		const clash = await runTranscript('kubectl port-forward deploy/details-v1 8080:9080', p.shell);
		expect(clash).toContain('bind: address already in use');
		expect(clash).toContain('error: unable to listen on any of the requested ports: [{8080 9080}]');

		run.stop();
		expect(await run.code).toBe(0);
		expect(registry.get(8080)).toBeUndefined();
	});

	it('reports a refused connection with kubelet error and ends the command', async () => {
		const registry = portForwardsOf(p.cluster);
		const run = start(p, 'kubectl port-forward deploy/details-v1 7000:9999');
		await until('the forward', () => registry.get(7000) !== undefined);
		expect(await registry.connect(7000, GET('/'))).toEqual({ type: 'refused' });
		expect(await run.code).toBe(1);
		expect(run.output()).toMatch(
			/Handling connection for 7000\nE0101 [\d:.]+ +41234 portforward.go:424\] "Unhandled Error" err="an error occurred forwarding 7000 -> 9999: .*dial tcp4 127.0.0.1:9999: connect: connection refused/
		);
		expect(run.output()).toMatch(/error: lost connection to pod\n$/);
		expect(registry.get(7000)).toBeUndefined();
	});

	it('picks a free local port for :REMOTE', async () => {
		const registry = portForwardsOf(p.cluster);
		const run = start(p, 'kubectl port-forward pod/' + podName(p, 'ratings') + ' :9080');
		await until('the forward', () => registry.list().length > 0);
		expect(run.output()).toBe(
			'Forwarding from 127.0.0.1:38000 -> 9080\nForwarding from [::1]:38000 -> 9080\n'
		);
		const reply = await registry.connect(38000, GET('/ratings/0'));
		expect(reply.type === 'data' && fromUtf8(reply.bytes)).toMatch(/"ratings"/);
		run.stop();
		await run.code;
	});
});

function podName(p: Playground, app: string): string {
	const pods = p.cluster.api.resolve('pods');
	const list = pods ? p.cluster.api.list(pods, { namespace: 'default' }) : [];
	const found = Array.isArray(list)
		? list.find((o) => o.metadata.name.startsWith(`${app}-`))
		: undefined;
	return found?.metadata.name ?? 'missing';
}

describe('kubectl port-forward on the worker runtime', () => {
	it('reaches productpage inside its worker', async () => {
		const p = await playground('workers', 'bookinfo');
		try {
			const registry = portForwardsOf(p.cluster);
			const run = start(p, 'kubectl port-forward svc/productpage 9080:9080');
			await until('the forward', () => registry.get(9080) !== undefined);
			const reply = await registry.connect(9080, GET('/productpage'));
			expect(reply.type === 'data' && fromUtf8(reply.bytes)).toContain(
				'<title>Simple Bookstore App</title>'
			);
			run.stop();
			expect(await run.code).toBe(0);
		} finally {
			await p.cluster.dispose();
		}
	}, 30_000);
});
