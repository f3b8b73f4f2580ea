/**
 * Image → program: what runs when kubelet starts a container with that image. The images are the
 * ones Istio's samples use; an unknown image returns undefined and the pod shows ErrImagePull.
 * Every program also carries its base image's userland (base-image.ts), for `kubectl exec`:
 * `curl`, the small coreutils and a shell, except in distroless images.
 */
import { helloworldProgram } from './helloworld.ts';
import { dockerHostProgram } from './docker-host.ts';
import { wait } from '../clock.ts';
import { execBinary } from '../runtime/host-exec.ts';
import type { Binary, ContainerProgram, ContainerSpec, HostContext } from '../runtime/host.ts';
import { ms } from '../types.ts';
import { detailsProgram } from './bookinfo/details.ts';
import { productPageProgram } from './bookinfo/productpage.ts';
import { ratingsProgram } from './bookinfo/ratings.ts';
import { reviewsProgram } from './bookinfo/reviews.ts';
import { configReloaderProgram, grafanaProgram, jaegerProgram, kialiProgram } from './addon-uis.ts';
import { baseImageOf } from './base-image.ts';
import { coreDnsProgram } from './coredns.ts';
import { coreutils } from './coreutils.ts';
import { curl } from './curl.ts';
import { exampleDomainProgram } from './example-domain.ts';
import { githubRawProgram } from './github-raw.ts';
import { fortioProgram } from './fortio/fortio.ts';
import { httpbinProgram } from './httpbin.ts';
import { extAuthzProgram } from './ext-authz.ts';
import { parseImage } from './image.ts';
import { installCniProgram } from './istio/install-cni.ts';
import { iptablesUserland } from './iptables-userland.ts';
import { pilotAgent } from './istio/pilot-agent.ts';
import { nginxProgram } from './nginx.ts';
import { ss } from './ss.ts';
import { tcpEchoProgram } from './tcp-echo.ts';
import { tcpdump } from './tcpdump.ts';
import { userland } from './userland.ts';

/** A container whose main process just waits (`sleep infinity`, a shell): no server. */
function idleProgram(): ContainerProgram {
	return { async start() {}, binaries: {} };
}

/**
 * In a run-to-completion pod (restartPolicy Never or OnFailure), an image without a server of its
 * own runs the container's command as its main process: its output is the container's log and
 * its exit status ends the container (`kubectl create job --image=busybox -- echo hi`). It starts
 * a moment after the container does, as a process the runtime has started.
 */
function runCommand(
	program: ContainerProgram,
	ctx: HostContext,
	spec: ContainerSpec,
	entrypoint: readonly string[]
): void {
	const argv = spec.command
		? [...spec.command, ...(spec.args ?? [])]
		: [...entrypoint, ...(spec.args ?? [])];
	void wait(ctx.clock, ms(1)).then(async () => {
		let partial = '';
		const write = (text: string): void => {
			const lines = (partial + text).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) ctx.log(spec.name, line);
		};
		// A shell image given no command reads an empty stdin and ends at once.
		const result =
			argv.length === 0
				? { exitCode: 0 }
				: await execBinary(program, argv, '', ctx, () => ctx.clock.now(), {
						stdout: write,
						stderr: write
					});
		if (partial !== '') ctx.log(spec.name, partial);
		ctx.exit(spec.name, result.exitCode);
	});
}

type Factory = () => ContainerProgram;

/**
 * A program loaded when its container starts. istiod and ztunnel bring X.509, TLS and the
 * proxy with them; app pods' workers should not parse and hold all that (a fifth of the size).
 */
function loadedOnStart(load: () => Promise<ContainerProgram>, transparent = false): Factory {
	return () => {
		let program: ContainerProgram | undefined;
		return {
			...(transparent ? { transparent: true } : {}),
			async start(ctx, container) {
				program = await ctx.work(load());
				await program.start(ctx, container);
			},
			control: (message, ctx) => program?.control?.(message, ctx),
			binaries: {}
		};
	};
}

/** A bind-tools program (netshoot's): refused with a note rather than run as busybox's. */
function bindToolNotSimulated(name: string): Binary {
	return async (_argv, io) => {
		io.stderr(
			`${name}: bind's ${name} (bind-tools) is not simulated in Mesh Playground; use busybox's nslookup in the curl image\n`
		);
		return 1;
	};
}

/** An image's own binaries beside its program (proxyv2's `pilot-agent`, for `kubectl exec`). */
function withBinaries(inner: Factory, binaries: Readonly<Record<string, Binary>>): Factory {
	return () => {
		const program = inner();
		return { ...program, binaries: { ...program.binaries, ...binaries } };
	};
}

/**
 * A site on the simulated internet (cluster/internet.ts): its server on 80, and HTTPS on 443 in
 * front of it (https-front.ts, loaded only here).
 */
function internetSite(inner: Factory): Factory {
	return () => {
		const program = inner();
		return {
			...program,
			async start(ctx, container) {
				await program.start(ctx, container);
				const { startHttpsFront } = await ctx.work(import('./https-front.ts'));
				await ctx.work(startHttpsFront(ctx, ctx.spec.name, 80));
			}
		};
	};
}

const BOOKINFO = /^istio\/examples-bookinfo-(productpage|details|reviews|ratings)-v(\d+)$/;

/** Repositories (after Docker Hub defaults are folded away) and what they run. */
const IMAGES: Readonly<Record<string, Factory>> = {
	'curlimages/curl': idleProgram,
	// samples/httpbin/sample-client/fortio-deploy.yaml: fortio's echo server and its load client.
	'fortio/fortio': fortioProgram,
	'mccutchen/go-httpbin': () => httpbinProgram('go'),
	'kennethreitz/httpbin': () => httpbinProgram('python'),
	'kong/httpbin': () => httpbinProgram('python'),
	nginx: nginxProgram,
	// Istio's helloworld sample, under its old and its current registry.
	'istio/examples-helloworld-v1': helloworldProgram('v1'),
	'istio/examples-helloworld-v2': helloworldProgram('v2'),
	'release/examples-helloworld-v1': helloworldProgram('v1'),
	'release/examples-helloworld-v2': helloworldProgram('v2'),
	'nginxinc/nginx-unprivileged': nginxProgram,
	// Istio's tcp-echo sample (registry.istio.io/release/tcp-echo-server, docker.io/istio/…).
	'release/tcp-echo-server': tcpEchoProgram,
	// samples/extauthz/ext-authz.yaml (registry.istio.io/testing/ext-authz).
	'testing/ext-authz': extAuthzProgram,
	'istio/tcp-echo-server': tcpEchoProgram,
	busybox: idleProgram,
	alpine: idleProgram,
	ubuntu: idleProgram,
	debian: idleProgram,
	// netshoot's nslookup, dig and host are bind-tools', not busybox's.
	'nicolaka/netshoot': () => ({
		async start() {},
		binaries: {
			tcpdump,
			ss,
			nslookup: bindToolNotSimulated('nslookup'),
			dig: bindToolNotSimulated('dig'),
			host: bindToolNotSimulated('host')
		}
	}),
	'governmentpaas/curl-ssl': idleProgram,
	// Istio's base image (Ubuntu with iptables), for looking at a pod's rules in a debug container.
	'istio-release/base': () => ({ async start() {}, binaries: iptablesUserland }),
	'istio/base': () => ({ async start() {}, binaries: iptablesUserland }),
	pause: idleProgram,
	// kind's add-ons (cluster/kind-boot.ts): CoreDNS logs its start; the rest run idle, as the
	// simulation's own API server, scheduler, controllers, kube-proxy and CNI do their work.
	'coredns/coredns': coreDnsProgram,
	etcd: idleProgram,
	'kube-apiserver': idleProgram,
	'kube-controller-manager': idleProgram,
	'kube-scheduler': idleProgram,
	'kube-proxy': idleProgram,
	'kindest/kindnetd': idleProgram,
	'kindest/local-path-provisioner': idleProgram,
	// MetalLB (shell/samples/metallb.ts): its controller's work, allocating LoadBalancer
	// addresses, is cluster/metallb-controller.ts; the speaker's ARP is not simulated.
	'metallb/controller': idleProgram,
	'metallb/speaker': idleProgram,
	// The simulated internet's sites (cluster/internet.ts).
	'mesh-playground/httpbin.org': internetSite(() => httpbinProgram('python')),
	'mesh-playground/example-domain': internetSite(exampleDomainProgram),
	'mesh-playground/raw.githubusercontent.com': internetSite(githubRawProgram),
	// samples/addons: Prometheus scrapes and answers queries; the others serve their probes
	// and a page saying their UI is not simulated (addon-uis.ts).
	'prom/prometheus': loadedOnStart(async () =>
		(await import('./prometheus/server.ts')).prometheusProgram()
	),
	'prometheus-operator/prometheus-config-reloader': configReloaderProgram,
	'kiali/kiali': kialiProgram,
	'grafana/grafana': grafanaProgram,
	'jaegertracing/jaeger': jaegerProgram,
	// The learner's machine (cluster/docker-host.ts): its curl, Arch Linux's build.
	'mesh-playground/docker-host': dockerHostProgram,
	// Istio's own components, as `istioctl install` deploys them.
	'istio/pilot': loadedOnStart(async () => (await import('./istio/pilot.ts')).pilotProgram()),
	'istio/install-cni': installCniProgram,
	'istio/ztunnel': loadedOnStart(
		async () => (await import('./istio/ztunnel.ts')).ztunnelProgram(),
		true
	),
	'istio/proxyv2': withBinaries(
		loadedOnStart(async () => (await import('./istio/proxyv2.ts')).proxyv2Program()),
		{ 'pilot-agent': pilotAgent }
	)
};

function factoryFor(repository: string): Factory | undefined {
	const bookinfo = BOOKINFO.exec(repository);
	if (bookinfo) {
		switch (bookinfo[1]) {
			case 'productpage':
				return productPageProgram;
			case 'details':
				return detailsProgram;
			case 'reviews':
				return reviewsProgram;
			case 'ratings':
				return ratingsProgram;
		}
	}
	return IMAGES[repository];
}

/**
 * curlimages/curl's entrypoint is curl; the other images start a shell, which without a
 * terminal ends at once on an empty stdin (host-runner.ts runs nothing for those).
 */
function defaultCommandOf(repository: string): { defaultCommand?: readonly string[] } {
	return repository === 'curlimages/curl' ? { defaultCommand: ['curl'] } : {};
}

/** The program for `image` (any tag or digest), or undefined when the image is unknown. */
export function programFor(image: string): ContainerProgram | undefined {
	const repository = parseImage(image).repository;
	const factory = factoryFor(repository);
	if (!factory) return undefined;
	const base = baseImageOf(repository);
	const program = factory();
	let container: ContainerSpec | undefined;
	const runs = factory === idleProgram;
	const wrapped: ContainerProgram = {
		async start(ctx, spec) {
			container = spec;
			await program.start(ctx, spec);
			if (runs && spec.runToCompletion)
				runCommand(wrapped, ctx, spec, wrapped.defaultCommand ?? []);
		},
		binaries: {
			...(base === 'distroless' ? {} : { ...coreutils(() => container), curl }),
			...userland(base),
			...program.binaries
		},
		...(program.transparent ? { transparent: true } : {}),
		...defaultCommandOf(repository),
		...(program.control ? { control: program.control.bind(program) } : {})
	};
	return wrapped;
}
