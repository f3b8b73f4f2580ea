import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../src/mesh/net/http/message.ts';
import { parseCurlArgs } from '../../../src/mesh/apps/curl-args.ts';
import { meterNumber } from '../../../src/mesh/apps/curl-report.ts';
import { FakeNetwork } from '../../support/fake-net.ts';
import { exec, IMG, startPod, type Pod } from './helpers.ts';

/**
 * A network with: nginx at `web` (VIP 10.96.1.1:80 → 10.244.1.1:80), a closed port, a server
 * that closes without answering, one that resets, one that hangs, one that stops mid-body,
 * a blackholed address and an unreachable one.
 */
async function lab(): Promise<{ net: FakeNetwork; client: Pod }> {
	const net = new FakeNetwork();
	await startPod(net, 'nginx:1.27', '10.244.1.1', 'web-7d9c7c8c4f-abcde');
	net.addService('web', '10.96.1.1', 80, [{ ip: '10.244.1.1' as never, port: 80 }]);
	net.addService('closed', '10.96.1.2', 80, [{ ip: '10.244.1.1' as never, port: 81 }]);
	const misbehave = (
		ip: string,
		name: string,
		onAccept: Parameters<ReturnType<FakeNetwork['stack']>['listen']>[1]
	) => {
		net.stack(ip).listen(80, onAccept);
		net.addName(name, ip);
	};
	const drain = async (
		s: Parameters<Parameters<ReturnType<FakeNetwork['stack']>['listen']>[1]>[0]
	) => {
		await s.read();
	};
	misbehave('10.244.1.3', 'empty', (s) => void drain(s).then(() => s.end()));
	misbehave('10.244.1.4', 'resetter', (s) => void drain(s).then(() => s.reset()));
	misbehave('10.244.1.5', 'hang', () => {});
	misbehave(
		'10.244.1.6',
		'partial',
		(s) =>
			void drain(s).then(() => {
				s.write(utf8('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this'));
				s.end();
			})
	);
	misbehave(
		'10.244.1.7',
		'slowbody',
		(s) =>
			void drain(s).then(() => s.write(utf8('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n12345')))
	);
	net.addName('blackhole', '10.244.9.9');
	net.blackholed.add('10.244.9.9');
	net.addName('noroute', '10.244.8.8');
	net.unreachable.add('10.244.8.8');
	net.stack('10.244.8.8');
	const client = await startPod(net, IMG.curl, '10.244.0.20', 'curl-5b549b49b8-mmgvh');
	return { net, client };
}

describe('curl exit codes and error lines', () => {
	const cases: { args: string[]; code: number; stderr: string; stdout?: RegExp }[] = [
		{ args: ['-sS', 'http://web/'], code: 0, stderr: '', stdout: /Welcome to nginx!/ },
		// -D - dumps the head to stdout even when -o discards the body (curl's tool_cb_hdr.c).
		{
			args: ['-s', '-o', '/dev/null', '-D', '-', 'http://web/'],
			code: 0,
			stderr: '',
			stdout: /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\n$/
		},
		{
			args: ['-s', '-D', '-', 'http://web/'],
			code: 0,
			stderr: '',
			stdout: /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\n<!DOCTYPE html>[^]*Welcome to nginx!/
		},
		{
			args: ['-sS', 'http://nosuch:9080/'],
			code: 6,
			stderr: 'curl: (6) Could not resolve host: nosuch\n'
		},
		{
			args: ['-sS', 'http://closed/'],
			code: 7,
			stderr:
				'curl: (7) Failed to connect to closed port 80 after 0 ms: Could not connect to server\n'
		},
		{
			args: ['-sS', 'noroute'],
			code: 7,
			stderr:
				'curl: (7) Failed to connect to noroute port 80 after 0 ms: Could not connect to server\n'
		},
		{
			args: ['-sS', '--connect-timeout', '5', 'http://blackhole/'],
			code: 28,
			stderr:
				'curl: (28) Failed to connect to blackhole port 80 after 5000 ms: Timeout was reached\n'
		},
		{
			args: ['-sS', '-m', '2', 'http://hang/'],
			code: 28,
			stderr: 'curl: (28) Operation timed out after 2000 milliseconds with 0 bytes received\n'
		},
		{
			args: ['-sS', '-m', '1.5', 'http://slowbody/'],
			code: 28,
			stderr:
				'curl: (28) Operation timed out after 1500 milliseconds with 5 out of 100 bytes received\n'
		},
		{ args: ['-sS', 'http://empty/'], code: 52, stderr: 'curl: (52) Empty reply from server\n' },
		{
			args: ['-sS', 'http://resetter/'],
			code: 56,
			stderr: 'curl: (56) Recv failure: Connection reset by peer\n'
		},
		{
			args: ['-sS', 'http://partial/'],
			code: 18,
			stderr: 'curl: (18) end of response with 91 bytes missing\n',
			stdout: /^only this$/
		},
		{
			args: ['-sSf', 'http://web/missing'],
			code: 22,
			stderr: 'curl: (22) The requested URL returned error: 404\n',
			stdout: /^$/
		},
		{ args: ['-s', 'http://resetter/'], code: 56, stderr: '' },
		{ args: ['-s', 'ftp://web/'], code: 1, stderr: '' },
		{ args: ['-sS', 'ftp://web/'], code: 1, stderr: 'curl: (1) Protocol "ftp" not supported\n' },
		{
			args: ['-sS', 'http://web:99999/'],
			code: 3,
			stderr: 'curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n'
		},
		{
			args: ['-sS', 'https://web:80/'],
			code: 35,
			stderr: 'curl: (35) TLS connect error: error:0A00010B:SSL routines::wrong version number\n'
		},
		{
			args: ['--bogus', 'web'],
			code: 2,
			stderr:
				"curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
		},
		{
			args: ['-s'],
			code: 2,
			stderr:
				"curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
		},
		{
			args: ['-sm', 'x', 'web'],
			code: 2,
			stderr:
				"curl: option -m: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
		},
		{
			args: ['web', '-H'],
			code: 2,
			stderr:
				"curl: option -H: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
		}
	];
	it.each(cases)('curl $args → exit $code', async (c) => {
		const { net, client } = await lab();
		const r = await exec(net, client, ['curl', ...c.args]);
		expect(r.code).toBe(c.code);
		expect(r.stderr).toBe(c.stderr);
		if (c.stdout) expect(r.stdout).toMatch(c.stdout);
	});
});

describe('curl output', () => {
	it('prints the body exactly, with no newline added', async () => {
		const { net, client } = await lab();
		const r = await exec(net, client, ['curl', '-s', 'web']);
		expect(r.stdout.endsWith('</html>\n')).toBe(true);
		expect(r.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
	});

	it('-I prints the response head with CRLFs and no body', async () => {
		const { net, client } = await lab();
		const r = await exec(net, client, ['curl', '-sI', 'http://web/']);
		expect(r.stdout).toBe(
			'HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\n' +
				'Content-Type: text/html\r\nLast-Modified: Tue, 26 Nov 2024 15:55:00 GMT\r\n' +
				'ETag: "6745ef54-267"\r\nAccept-Ranges: bytes\r\nContent-Length: 615\r\n\r\n'
		);
	});

	it('-i prints head then body', async () => {
		const { net, client } = await lab();
		const r = await exec(net, client, ['curl', '-si', 'web/nope']);
		expect(r.stdout).toMatch(
			/^HTTP\/1\.1 404 Not Found\r\n[\s\S]*\r\n\r\n<html>\r\n<head><title>404 Not Found/
		);
	});

	const writeOuts: [string, string[], RegExp][] = [
		['http_code', ['-w', '%{http_code}'], /^200$/],
		['http_code on failure is 000', ['-w', '%{http_code}\\n', 'http://resetter/'], /^000\n$/],
		['time_total with 6 decimals', ['-w', '%{time_total}'], /^\d+\.\d{6}$/],
		['time_connect', ['-w', '%{time_connect}'], /^0\.000000$/],
		['size_download', ['-w', '%{size_download}'], /^615$/],
		[
			'remote_ip is the VIP curl dialled',
			['-w', '%{remote_ip}:%{remote_port}'],
			/^10\.96\.1\.1:80$/
		],
		['escapes and literals', ['-w', 'code=%{response_code}\\tpct=%%\\n'], /^code=200\tpct=%\n$/],
		['%header{}', ['-w', '%header{content-type}'], /^text\/html$/],
		['method and url_effective', ['-w', '%{method} %{url_effective}'], /^GET http:\/\/web\/$/]
	];
	it.each(writeOuts)('-w %s', async (_name, args, expected) => {
		const { net, client } = await lab();
		const url = args.some((a) => a.startsWith('http://')) ? [] : ['http://web/'];
		const r = await exec(net, client, ['curl', '-s', '-o', '/dev/null', ...args, ...url]);
		expect(r.stdout).toMatch(expected);
	});

	it('-w warns about unknown variables on stderr', async () => {
		const { net, client } = await lab();
		const r = await exec(net, client, ['curl', '-so', '/dev/null', '-w', '%{nope}', 'web']);
		expect(r.stderr).toBe("curl: unknown --write-out variable: 'nope'\n");
	});

	it('-v has curl 8 shape: resolve, trying, established, > request, < response, left intact', async () => {
		const { net, client } = await lab();
		const r = await exec(net, client, ['curl', '-sv', 'http://web/']);
		const lines = r.stderr.split('\n');
		expect(lines.slice(0, 5)).toEqual([
			'* Host web:80 was resolved.',
			'* IPv6: (none)',
			'* IPv4: 10.96.1.1',
			'*   Trying 10.96.1.1:80...',
			expect.stringMatching(
				/^\* Established connection to web \(10\.96\.1\.1 port 80\) from 10\.244\.0\.20 port \d+ $/
			)
		]);
		expect(r.stderr).toContain(
			'* using HTTP/1.x\n> GET / HTTP/1.1\n> Host: web\n> User-Agent: curl/8.17.0\n> Accept: */*\n> \n* Request completely sent off\n< HTTP/1.1 200 OK\n'
		);
		expect(r.stderr).toContain(
			'< \n{ [615 bytes data]\n* Connection #0 to host web:80 left intact\n'
		);
		expect(r.stdout).toContain('Welcome to nginx!');
	});

	it('-v on a reset shows the failure before the error line', async () => {
		const { net, client } = await lab();
		const r = await exec(net, client, ['curl', '-v', 'http://resetter/']);
		expect(r.stderr).toMatch(
			/\* Request completely sent off\n\* Recv failure: Connection reset by peer\n\* closing connection #0\ncurl: \(56\) Recv failure: Connection reset by peer\n$/
		);
	});

	it('without -s, a progress meter goes to stderr (kubectl exec has no tty)', async () => {
		const { net, client } = await lab();
		const r = await exec(net, client, ['curl', 'http://web/']);
		expect(r.stderr).toBe(
			'  % Total    % Received % Xferd  Average Speed  Time    Time    Time   Current\n' +
				'                                 Dload  Upload  Total   Spent   Left   Speed\n' +
				'100    615 100    615   0      0      0      0                              0\n'
		);
	});

	it('-d posts form data with curl header order', async () => {
		const { net, client } = await lab();
		await startPod(net, IMG.goHttpbin, '10.244.2.1', 'httpbin-1');
		net.addService('httpbin', '10.96.2.1', 8000, [{ ip: '10.244.2.1' as never, port: 8080 }]);
		const r = await exec(net, client, [
			'curl',
			'-sv',
			'-d',
			'a=1',
			'-d',
			'b=2',
			'http://httpbin:8000/post'
		]);
		expect(r.stderr).toContain(
			'> POST /post HTTP/1.1\n> Host: httpbin:8000\n> User-Agent: curl/8.17.0\n> Accept: */*\n> Content-Length: 7\n> Content-Type: application/x-www-form-urlencoded\n> \n} [7 bytes data]\n* upload completely sent off: 7 bytes\n'
		);
		const body = JSON.parse(r.stdout) as { form: Record<string, string[]>; method: string };
		expect(body.form).toEqual({ a: ['1'], b: ['2'] });
		expect(body.method).toBe('POST');
	});

	it('-H replaces a default header and -X sets the method', async () => {
		const { net, client } = await lab();
		await startPod(net, IMG.goHttpbin, '10.244.2.1', 'httpbin-1');
		net.addService('httpbin', '10.96.2.1', 8000, [{ ip: '10.244.2.1' as never, port: 8080 }]);
		const r = await exec(net, client, [
			'curl',
			'-s',
			'-X',
			'PUT',
			'-H',
			'User-Agent: tester',
			'-H',
			'X-Test: 1',
			'httpbin:8000/anything'
		]);
		const body = JSON.parse(r.stdout) as { headers: Record<string, string[]>; method: string };
		expect(body.method).toBe('PUT');
		expect(body.headers['User-Agent']).toEqual(['tester']);
		expect(body.headers['X-Test']).toEqual(['1']);
	});

	it('-L follows a redirect', async () => {
		const { net, client } = await lab();
		await startPod(net, IMG.goHttpbin, '10.244.2.1', 'httpbin-1');
		net.addService('httpbin', '10.96.2.1', 8000, [{ ip: '10.244.2.1' as never, port: 8080 }]);
		const r = await exec(net, client, [
			'curl',
			'-sL',
			'-w',
			'\n%{num_redirects} %{http_code} %{url_effective}',
			'http://httpbin:8000/redirect/2'
		]);
		expect(r.stdout).toMatch(
			/"url": "http:\/\/httpbin:8000\/get"\n\}\n\n2 200 http:\/\/httpbin:8000\/get$/
		);
		const noFollow = await exec(net, client, [
			'curl',
			'-s',
			'-w',
			'%{http_code} %{redirect_url}',
			'http://httpbin:8000/redirect/1'
		]);
		expect(noFollow.stdout).toBe('302 /get');
	});

	it('--retry retries timeouts (not an empty reply) and says so', async () => {
		const { net, client } = await lab();
		const r = await exec(net, client, ['curl', '-sS', '--retry', '2', '-m', '1', 'http://hang/']);
		expect(r.code).toBe(28);
		expect(r.stderr).toBe(
			'Warning: Problem : timeout. Will retry in 1 second. 2 retries left.\n' +
				'Warning: Problem : timeout. Will retry in 2 seconds. 1 retry left.\n' +
				'curl: (28) Operation timed out after 1000 milliseconds with 0 bytes received\n'
		);
		const empty = await exec(net, client, ['curl', '-sS', '--retry', '2', 'http://empty/']);
		expect(empty.stderr).toBe('curl: (52) Empty reply from server\n');
	});

	it('-sSI -o /dev/null prints nothing (the Istio docs loop)', async () => {
		const { net, client } = await lab();
		const r = await exec(net, client, ['curl', '-sSI', '-o', '/dev/null', 'http://web/']);
		expect(r).toEqual({ stdout: '', stderr: '', code: 0 });
	});
});

describe('curl argument parsing', () => {
	it('combines short flags and glued values', () => {
		const o = parseCurlArgs(['-sSI', '-XPOST', '-m5', '-o/dev/null', 'web']);
		expect(o).toMatchObject({
			silent: true,
			showError: true,
			head: true,
			method: 'POST',
			maxTime: 5,
			output: '/dev/null',
			urls: ['web']
		});
	});

	it('collects repeated -H', () => {
		const o = parseCurlArgs(['-H', 'a: 1', '--header', 'b: 2', 'web']);
		expect(o).toMatchObject({ headers: ['a: 1', 'b: 2'] });
	});
});

describe('progress meter numbers', () => {
	it.each([
		[615, '615'],
		[99999, '99999'],
		[655258, '639.9k'],
		[11145314, '10.63M'],
		[1457520, '1.39M']
	])('%i → %s', (n, s) => expect(meterNumber(n)).toBe(s));
});
