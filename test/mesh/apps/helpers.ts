/** Builds app pods on a FakeNetwork and runs curl inside one, for the app tests. */
import { programFor } from '../../../src/mesh/apps/registry.ts';
import type { ContainerProgram } from '../../../src/mesh/runtime/host.ts';
import { container, fakeHost, type FakeHost, type FakeNetwork } from '../../support/fake-net.ts';

export interface Pod extends FakeHost {
	readonly program: ContainerProgram;
	readonly container: string;
}

export async function startPod(
	net: FakeNetwork,
	image: string,
	ip: string,
	name: string,
	env: Record<string, string> = {},
	files?: Record<string, string>
): Promise<Pod> {
	const program = programFor(image);
	if (!program) throw new Error(`no program for ${image}`);
	const host = fakeHost(net, {
		ip,
		name,
		containers: [container(image, 'app', env)],
		...(files ? { files } : {})
	});
	const spec = host.ctx.spec.containers[0];
	if (!spec) throw new Error('no container');
	await net.clock.run(program.start(host.ctx, spec));
	return { ...host, program, container: 'app' };
}

export interface ExecOutput {
	readonly stdout: string;
	readonly stderr: string;
	readonly code: number;
}

/** `kubectl exec <pod> -- <argv…>` on the fake network. */
export async function exec(
	net: FakeNetwork,
	pod: Pod,
	argv: string[],
	stdin = ''
): Promise<ExecOutput> {
	const bin = pod.program.binaries[argv[0] ?? ''];
	if (!bin) throw new Error(`no binary ${argv[0]}`);
	let stdout = '';
	let stderr = '';
	const code = await net.clock.run(
		bin(argv, { stdin, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, pod.ctx)
	);
	return { stdout, stderr, code };
}

export const IMG = {
	productpage: 'docker.io/istio/examples-bookinfo-productpage-v1:1.20.3',
	details: 'docker.io/istio/examples-bookinfo-details-v1:1.20.3',
	reviews: (v: number) => `docker.io/istio/examples-bookinfo-reviews-v${v}:1.20.3`,
	ratings: 'docker.io/istio/examples-bookinfo-ratings-v1:1.20.3',
	curl: 'curlimages/curl',
	goHttpbin: 'docker.io/mccutchen/go-httpbin:v2.15.0',
	pyHttpbin: 'docker.io/kennethreitz/httpbin'
};

export interface Bookinfo {
	readonly client: Pod;
	readonly pods: Record<string, Pod>;
}

/**
 * Bookinfo with the reviews Service pointing at `reviewsVersions` (one pod each), on pod IPs
 * 10.244.0.x and VIPs 10.96.0.x. `omit` leaves services out (their names then do not resolve
 * to a listening pod: the VIP has no endpoints and connects are refused).
 */
export async function bookinfo(
	net: FakeNetwork,
	reviewsVersions: number[] = [1],
	omit: string[] = []
): Promise<Bookinfo> {
	const pods: Record<string, Pod> = {};
	const add = async (svc: string, vip: string, image: string, ip: string, name: string) => {
		if (!omit.includes(svc)) pods[name] = await startPod(net, image, ip, name);
	};
	await add(
		'productpage',
		'10.96.0.10',
		IMG.productpage,
		'10.244.0.10',
		'productpage-v1-87d54dd59-wl7qf'
	);
	await add('details', '10.96.0.11', IMG.details, '10.244.0.11', 'details-v1-cf74bb974-nw94k');
	await add('ratings', '10.96.0.15', IMG.ratings, '10.244.0.15', 'ratings-v1-7c4bbf97db-rwkw5');
	const names: Record<number, string> = {
		1: 'reviews-v1-569db879f5-q9jmj',
		2: 'reviews-v2-6f9b55c5db-6ts96',
		3: 'reviews-v3-7d99fd7978-dm6mx'
	};
	const reviewEndpoints = [];
	for (const v of reviewsVersions) {
		const ip = `10.244.0.${11 + v}`;
		await add('reviews', '10.96.0.12', IMG.reviews(v), ip, names[v] ?? `reviews-v${v}`);
		reviewEndpoints.push({ ip: ip as never, port: 9080 });
	}
	const svc = (name: string, vip: string, ip: string) =>
		net.addService(name, vip, 9080, omit.includes(name) ? [] : [{ ip: ip as never, port: 9080 }]);
	svc('productpage', '10.96.0.10', '10.244.0.10');
	svc('details', '10.96.0.11', '10.244.0.11');
	svc('ratings', '10.96.0.15', '10.244.0.15');
	net.addService('reviews', '10.96.0.12', 9080, omit.includes('reviews') ? [] : reviewEndpoints);
	const client = await startPod(net, IMG.curl, '10.244.0.20', 'curl-5b549b49b8-mmgvh');
	return { client, pods };
}
