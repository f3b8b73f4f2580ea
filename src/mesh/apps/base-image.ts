/**
 * What each image is built on, which decides the ordinary programs `kubectl exec` finds in it:
 * Alpine's busybox (`curlimages/curl` is `FROM alpine`), a Debian or Ubuntu userland with GNU
 * coreutils and bash (Bookinfo's images are python/ruby/node "slim" and Open Liberty; nginx;
 * Istio's default "debug" images), or distroless with no shell at all (`go-httpbin` is
 * `FROM gcr.io/distroless/base`; `pause` holds one binary).
 */

export type BaseImage = 'busybox' | 'gnu' | 'distroless';

const BUSYBOX = new Set([
	'curlimages/curl',
	'busybox',
	'alpine',
	'nicolaka/netshoot',
	'governmentpaas/curl-ssl',
	// Prometheus's images are FROM quay.io/prometheus/busybox; Grafana's is Alpine.
	'prom/prometheus',
	'prometheus-operator/prometheus-config-reloader',
	'grafana/grafana'
]);
const DISTROLESS = new Set([
	'mccutchen/go-httpbin',
	'pause',
	// fortio's image is FROM scratch: /usr/bin/fortio and its static files.
	'fortio/fortio',
	// tcp-echo-server is one static Go binary FROM scratch (samples/tcp-echo/src/Dockerfile).
	'release/tcp-echo-server',
	'istio/tcp-echo-server',
	// Kubernetes' images are distroless (go-runner, distroless-iptables), CoreDNS is FROM
	// scratch, and kind's kindnetd and local-path-provisioner are distroless too.
	'coredns/coredns',
	'etcd',
	'kube-apiserver',
	'kube-controller-manager',
	'kube-scheduler',
	'kube-proxy',
	'kindest/kindnetd',
	'kindest/local-path-provisioner',
	// MetalLB's images are FROM gcr.io/distroless/static.
	'metallb/controller',
	'metallb/speaker'
]);

/** The base of a repository as parseImage gives it; unknown images count as Debian-like. */
export function baseImageOf(repository: string): BaseImage {
	if (BUSYBOX.has(repository)) return 'busybox';
	if (DISTROLESS.has(repository)) return 'distroless';
	return 'gnu';
}
