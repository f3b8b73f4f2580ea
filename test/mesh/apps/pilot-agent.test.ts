/**
 * `pilot-agent request` in the proxyv2 image, as pilot/cmd/pilot-agent/app/request.go and
 * pilot/pkg/request/command.go (istio/istio 1.30) define it: GET/POST to the local Envoy admin,
 * the body printed with Go's fmt.Println, a status above 399 other than 404 an error, the debug
 * port limited to 15000/15004/15020/15021 and at least two arguments (cobra.MinimumNArgs(2)).
 */
import { describe, expect, it } from 'vitest';
import { pilotAgent } from '../../../src/mesh/apps/istio/pilot-agent.ts';
import { makeResponse } from '../../../src/mesh/net/http/message.ts';
import { serve } from '../../../src/mesh/net/http/server.ts';
import { container, fakeHost, FakeNetwork } from '../../support/fake-net.ts';

async function run(argv: string[]) {
	const net = new FakeNetwork();
	const host = fakeHost(net, {
		ip: '10.244.1.9',
		name: 'waypoint-abc',
		containers: [container('istio/proxyv2:1.30.3', 'istio-proxy')]
	});
	// The fake network has no loopback: localhost is the pod's own address, where the admin listens.
	net.addName('localhost', '10.244.1.9');
	const seen: string[] = [];
	serve(host.ctx, 15000, (req) => {
		seen.push(`${req.method} ${req.target}`);
		if (req.path === '/stats') return makeResponse(200, 'cluster.a.upstream_rq_total: 2\n');
		if (req.path === '/boom') return makeResponse(503, 'no healthy upstream');
		return makeResponse(404, '');
	});
	let stdout = '';
	let stderr = '';
	const code = await net.clock.run(
		pilotAgent(
			['pilot-agent', ...argv],
			{ stdin: '', stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
			host.ctx
		)
	);
	return { stdout, stderr, code, seen };
}

describe('pilot-agent request', () => {
	const cases: {
		argv: string[];
		stdout: string;
		stderr: string;
		code: number;
		seen: string[];
	}[] = [
		{
			argv: ['request', 'GET', 'stats'],
			stdout: 'cluster.a.upstream_rq_total: 2\n\n',
			stderr: '',
			code: 0,
			seen: ['GET /stats']
		},
		{
			// command.go trims one leading slash before joining the address and the path.
			argv: ['request', 'GET', '/stats'],
			stdout: 'cluster.a.upstream_rq_total: 2\n\n',
			stderr: '',
			code: 0,
			seen: ['GET /stats']
		},
		{
			// 404 is not an error: the (empty) body is printed.
			argv: ['request', 'GET', 'nothing'],
			stdout: '\n',
			stderr: '',
			code: 0,
			seen: ['GET /nothing']
		},
		{
			argv: ['request', 'GET', 'boom'],
			stdout: '',
			stderr: 'Error: received unsuccessful status code 503: no healthy upstream\n',
			code: 1,
			seen: ['GET /boom']
		},
		{
			argv: ['request', 'GET'],
			stdout: '',
			stderr: 'Error: requires at least 2 arg(s), only received 1\n',
			code: 1,
			seen: []
		},
		{
			argv: ['request', '--debug-port', '8080', 'GET', 'stats'],
			stdout: '',
			stderr: 'Error: debug port 8080 is not in allowed list [15000 15004 15020 15021]\n',
			code: 1,
			seen: []
		}
	];
	it.each(cases)('$argv', async (c) => {
		expect(await run(c.argv)).toEqual({
			stdout: c.stdout,
			stderr: c.stderr,
			code: c.code,
			seen: c.seen
		});
	});
});
