/**
 * The fortio image (fortio/fortio, samples/httpbin/sample-client/fortio-deploy.yaml) on a plain
 * network: `fortio load` against fortio's own echo server prints the report of fortio's
 * cli/fortio_main.go and fhttp/httprunner.go with every call counted (no mesh, so no 503 and
 * perfect keep-alive: one socket per thread), `fortio curl` prints the head on stderr and the
 * body on stdout (bincommon.FetchURL), and bad input fails as fortio's CLI does, never throwing.
 */
import { describe, expect, it } from 'vitest';
import { FakeNetwork } from '../../support/fake-net.ts';
import { exec, startPod } from './helpers.ts';

const IMAGE = 'docker.io/fortio/fortio:latest_release';

async function pods() {
	const net = new FakeNetwork();
	const server = await startPod(net, IMAGE, '10.244.0.9', 'echo-abc');
	net.addName('echo', '10.244.0.9');
	const client = await startPod(net, IMAGE, '10.244.0.5', 'fortio-deploy-abc');
	return { net, server, client };
}

describe('fortio', () => {
	it('load -c 2 -n 10 at max qps: the report counts every call, two sockets for two threads', async () => {
		const { net, client } = await pods();
		const out = await exec(net, client, [
			'fortio',
			'load',
			'-c',
			'2',
			'-qps',
			'0',
			'-n',
			'10',
			'-loglevel',
			'Warning',
			'http://echo:8080/'
		]);
		expect(out.code).toBe(0);
		expect(out.stdout).toBe('');
		const lines = out.stderr.split('\n');
		expect(lines[0]).toMatch(
			/^\{"ts":\d+\.\d{6},"level":"info","r":1,"file":"logger\.go","line":\d+,"msg":"Log level is now 3 Warning \(was 2 Info\)"\}$/
		);
		expect(lines.slice(1, 3)).toEqual([
			'Fortio 1.75.2 running at 0 queries per second, 2->2 procs, for 10 calls: http://echo:8080/',
			'Starting at max qps with 2 thread(s) [gomax 2] for exactly 10 calls (5 per thread + 0)'
		]);
		expect(out.stderr).toMatch(/^Ended after \S+ : 10 calls\. qps=\S+$/m);
		expect(out.stderr).toMatch(/^Aggregated Function Time : count 10 avg /m);
		expect(out.stderr).toContain('Error cases : no data\n');
		expect(out.stderr).toContain('Sockets used: 2 (for perfect keepalive, would be 2)\n');
		expect(out.stderr).toContain('IP addresses distribution:\n10.244.0.9:8080: 2\n');
		expect(out.stderr).toContain('Code 200 : 10 (100.0 %)\n');
		expect(out.stderr).toMatch(/^All done 10 calls \(plus 0 warmup\) \d+\.\d{3} ms avg, \S+ qps$/m);
	});

	it('curl: the response head on stderr, its body on stdout', async () => {
		const { net, client } = await pods();
		const out = await exec(net, client, ['fortio', 'curl', '-quiet', 'echo:8080/x']);
		expect(out.code).toBe(0);
		expect(out.stderr).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
		expect(out.stdout).toBe('');
	});

	it.each([
		[['fortio', 'load', '-x', 'http://echo:8080/'], 2, 'flag provided but not defined: -x'],
		[['fortio', 'load', '-n'], 2, 'flag needs an argument: -n'],
		[['fortio', 'load', '-n', '5'], 1, 'Error: fortio load/curl needs a URL or destination'],
		[['fortio', 'nope'], 1, 'Error: unknown command "nope"'],
		[
			['fortio', 'load', '-loglevel', 'loud', 'echo:8080'],
			1,
			'invalid value "loud" for flag -loglevel'
		],
		[['fortio', 'load', '-qps', '10', '-n', '5', 'echo:8080'], 1, 'is simulated in Mesh Playground']
	])('%j exits %d: %s', async (argv, code, message) => {
		const { net, client } = await pods();
		const out = await exec(net, client, argv);
		expect(out.code).toBe(code);
		expect(out.stderr).toContain(message);
	});
});
