import { describe, expect, it } from 'vitest';
import { FakeNetwork } from '../../support/fake-net.ts';
import { exec, IMG, startPod, type Pod } from './helpers.ts';

async function httpbin(image: string, port: number): Promise<{ net: FakeNetwork; client: Pod }> {
	const net = new FakeNetwork();
	await startPod(net, image, '10.244.3.1', 'httpbin-686d6fc899-xk2lh');
	// samples/httpbin/httpbin.yaml: Service port 8000 → the container's port.
	net.addService('httpbin', '10.96.3.1', 8000, [{ ip: '10.244.3.1' as never, port }]);
	const client = await startPod(net, IMG.curl, '10.244.0.20', 'curl-5b549b49b8-mmgvh');
	return { net, client };
}

const get = async (net: FakeNetwork, client: Pod, args: string[]) =>
	exec(net, client, ['curl', '-s', ...args]);

describe('go-httpbin (mccutchen/go-httpbin, port 8080)', () => {
	it('/get echoes args, headers as arrays, method, origin and url with 2-space JSON', async () => {
		const { net, client } = await httpbin(IMG.goHttpbin, 8080);
		const r = await get(net, client, ['http://httpbin:8000/get?a=1&a=2&b=x']);
		expect(r.stdout).toBe(
			'{\n  "args": {\n    "a": [\n      "1",\n      "2"\n    ],\n    "b": [\n      "x"\n    ]\n  },\n' +
				'  "headers": {\n    "Accept": [\n      "*/*"\n    ],\n    "Host": [\n      "httpbin:8000"\n    ],\n' +
				'    "User-Agent": [\n      "curl/8.17.0"\n    ]\n  },\n  "method": "GET",\n' +
				'  "origin": "10.244.0.20",\n  "url": "http://httpbin:8000/get?a=1&a=2&b=x"\n}\n'
		);
	});

	it('/post echoes JSON bodies', async () => {
		const { net, client } = await httpbin(IMG.goHttpbin, 8080);
		const r = await get(net, client, ['--json', '{"k":[1,2]}', 'httpbin:8000/post']);
		const body = JSON.parse(r.stdout) as Record<string, unknown>;
		expect(body.json).toEqual({ k: [1, 2] });
		expect(body.data).toBe('{"k":[1,2]}');
	});

	it('/get refuses POST with 405', async () => {
		const { net, client } = await httpbin(IMG.goHttpbin, 8080);
		const r = await get(net, client, [
			'-o',
			'/dev/null',
			'-w',
			'%{http_code}',
			'-X',
			'POST',
			'httpbin:8000/get'
		]);
		expect(r.stdout).toBe('405');
	});

	it.each([
		['/status/418', '418'],
		['/status/503', '503'],
		['/status/200', '200'],
		['/status/999', '400'],
		['/nope', '404']
	])('%s → %s', async (path, code) => {
		const { net, client } = await httpbin(IMG.goHttpbin, 8080);
		const r = await get(net, client, [
			'-o',
			'/dev/null',
			'-w',
			'%{http_code}',
			`httpbin:8000${path}`
		]);
		expect(r.stdout).toBe(code);
	});

	it('/status/200,500 picks among the codes, seeded', async () => {
		const { net, client } = await httpbin(IMG.goHttpbin, 8080);
		const seen = new Set<string>();
		for (let i = 0; i < 20; i++) {
			const r = await get(net, client, [
				'-o',
				'/dev/null',
				'-w',
				'%{http_code}',
				'httpbin:8000/status/200,500'
			]);
			seen.add(r.stdout);
		}
		expect([...seen].sort()).toEqual(['200', '500']);
	});

	it('/delay/2 takes 2 sim seconds; more than 10 is refused', async () => {
		const { net, client } = await httpbin(IMG.goHttpbin, 8080);
		const r = await get(net, client, [
			'-o',
			'/dev/null',
			'-w',
			'%{time_total}',
			'httpbin:8000/delay/2'
		]);
		expect(Number(r.stdout)).toBeGreaterThanOrEqual(2);
		expect(Number(r.stdout)).toBeLessThan(2.01);
		const long = await get(net, client, ['-w', '\n%{http_code}', 'httpbin:8000/delay/20']);
		expect(long.stdout).toMatch(/duration 20s > max 10s[\s\S]*\n400$/);
	});

	it.each([
		['/ip', /^\{\n {2}"origin": "10\.244\.0\.20"\n\}\n$/],
		['/user-agent', /^\{\n {2}"user-agent": "curl\/8\.17\.0"\n\}\n$/],
		['/headers', /"Host": \[\n\s+"httpbin:8000"/],
		[
			'/uuid',
			/^\{\n {2}"uuid": "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"\n\}\n$/
		],
		['/', /<h1>go-httpbin<\/h1>/],
		['/anything/x?y=1', /"url": "http:\/\/httpbin:8000\/anything\/x\?y=1"/]
	])('%s', async (path, expected) => {
		const { net, client } = await httpbin(IMG.goHttpbin, 8080);
		const r = await get(net, client, [`httpbin:8000${path}`]);
		expect(r.stdout).toMatch(expected);
	});
});

describe('kennethreitz/httpbin (Flask, port 80)', () => {
	it('/get has plain header values, sorted keys and no method', async () => {
		const { net, client } = await httpbin(IMG.pyHttpbin, 80);
		const r = await get(net, client, ['-H', 'X-B3-TraceId: abc', 'http://httpbin:8000/get']);
		expect(r.stdout).toBe(
			'{\n  "args": {},\n  "headers": {\n    "Accept": "*/*",\n    "Host": "httpbin:8000",\n' +
				'    "User-Agent": "curl/8.17.0",\n    "X-B3-Traceid": "abc"\n  },\n' +
				'  "origin": "10.244.0.20",\n  "url": "http://httpbin:8000/get"\n}\n'
		);
	});

	it('/post echoes form fields and upper-cases the reason like werkzeug', async () => {
		const { net, client } = await httpbin(IMG.pyHttpbin, 80);
		const r = await get(net, client, ['-i', '-d', 'name=mesh', 'httpbin:8000/post']);
		expect(r.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: gunicorn\/19\.9\.0\r\n/);
		expect(r.stdout).toContain('"form": {\n    "name": "mesh"\n  }');
		const nf = await get(net, client, ['-I', 'httpbin:8000/nope']);
		expect(nf.stdout).toMatch(/^HTTP\/1\.1 404 NOT FOUND\r\n/);
	});
});
