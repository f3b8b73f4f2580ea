import { describe, expect, it } from 'vitest';
import { parseImage } from '../../../src/mesh/apps/image.ts';
import { programFor } from '../../../src/mesh/apps/registry.ts';
import { FakeNetwork } from '../../support/fake-net.ts';
import { exec, startPod } from './helpers.ts';

describe('parseImage', () => {
	it.each([
		['nginx', 'nginx', 'latest'],
		['docker.io/library/nginx:1.27', 'nginx', '1.27'],
		[
			'docker.io/istio/examples-bookinfo-reviews-v2:1.20.3',
			'istio/examples-bookinfo-reviews-v2',
			'1.20.3'
		],
		['curlimages/curl@sha256:abcd', 'curlimages/curl', 'latest'],
		['localhost:5000/team/app:v1', 'team/app', 'v1'],
		['quay.io/Org/Tool', 'org/tool', 'latest']
	])('%s → %s:%s', (image, repository, tag) => {
		expect(parseImage(image)).toEqual({ repository, tag });
	});
});

describe('programFor', () => {
	const known = [
		'docker.io/istio/examples-bookinfo-productpage-v1:1.20.3',
		'docker.io/istio/examples-bookinfo-details-v1:1.20.3',
		'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3',
		'docker.io/istio/examples-bookinfo-reviews-v2:1.21.0',
		'docker.io/istio/examples-bookinfo-reviews-v3:1.20.3',
		'docker.io/istio/examples-bookinfo-ratings-v1:1.20.3',
		'curlimages/curl',
		'curlimages/curl:8.17.0',
		'docker.io/kennethreitz/httpbin',
		'nginx:latest',
		'busybox:1.36',
		'alpine'
	];
	it.each(known)('%s runs, with curl and coreutils inside', (image) => {
		const p = programFor(image);
		expect(p).toBeDefined();
		expect(Object.keys(p?.binaries ?? {})).toEqual(
			expect.arrayContaining(['curl', 'sleep', 'hostname', 'env'])
		);
	});

	it('go-httpbin is distroless: no shell, no coreutils, no curl', () => {
		const p = programFor('docker.io/mccutchen/go-httpbin:v2.15.0');
		expect(p).toBeDefined();
		expect(Object.keys(p?.binaries ?? {})).toEqual([]);
	});

	it.each([
		'docker.io/istio/examples-bookinfo-unknown-v1:1.20.3',
		'nginxx',
		'example.com/acme/app'
	])('%s is unknown (ErrImagePull)', (image) => expect(programFor(image)).toBeUndefined());

	it('a busy port crashes the container at start', async () => {
		const net = new FakeNetwork();
		net.stack('10.244.5.1').listen(80, () => {});
		await expect(startPod(net, 'nginx', '10.244.5.1', 'web')).rejects.toThrow(
			'listen tcp 0.0.0.0:80: bind: address already in use'
		);
	});
});

describe('coreutils', () => {
	it('hostname, env, sleep', async () => {
		const net = new FakeNetwork();
		const pod = await startPod(net, 'curlimages/curl', '10.244.5.2', 'curl-abc', {
			GREETING: 'hi'
		});
		expect((await exec(net, pod, ['hostname'])).stdout).toBe('curl-abc\n');
		expect((await exec(net, pod, ['env'])).stdout).toContain('GREETING=hi\nHOME=/root');
		expect((await exec(net, pod, ['printenv', 'HOSTNAME'])).stdout).toBe('curl-abc\n');
		const before = net.clock.now();
		expect((await exec(net, pod, ['sleep', '2'])).code).toBe(0);
		expect(net.clock.now() - before).toBe(2000);
		expect(await exec(net, pod, ['sleep', 'x'])).toMatchObject({
			code: 1,
			stderr: expect.stringContaining("invalid time interval 'x'")
		});
	});
});
