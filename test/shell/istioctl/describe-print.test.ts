/**
 * `istioctl x describe`'s pure parts: the protocol it prints for a Service port
 * (describe.go findProtocolForPort over pkg/config/kube ConvertProtocol; cases from
 * conversion_test.go TestConvertProtocol, 1.30.3) and the effective PeerAuthentication
 * (security/authn ComposePeerAuthentication: mesh, then namespace, then workload; UNSET inherits).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import {
	portProtocol,
	printPeerAuthentication
} from '../../../src/shell/istioctl/describe/print.ts';

describe('portProtocol', () => {
	it.each([
		['no name, no appProtocol: describe says auto-detect', { port: 80 }, 'auto-detect'],
		['UDP', { port: 53, name: 'dns', protocol: 'UDP' }, 'UDP'],
		['from the port name', { port: 80, name: 'http-something' }, 'HTTP'],
		[
			'appProtocol over the name',
			{ port: 80, name: 'http-something', appProtocol: 'https' },
			'HTTPS'
		],
		['from appProtocol', { port: 80, name: 'something-httpx', appProtocol: 'https' }, 'HTTPS'],
		['grpc-web', { port: 80, name: 'grpc-web-x' }, 'GRPC-Web'],
		['grpcweb is not grpc-web', { port: 80, name: 'grpcweb-x' }, 'UnsupportedProtocol'],
		['a well-known port', { port: 3306, name: 'random-name' }, 'TCP'],
		[
			"Kubernetes' standard appProtocol",
			{ port: 3306, name: 'random-name', appProtocol: 'kubernetes.io/h2c' },
			'HTTP2'
		],
		['hbone', { port: 15008, name: 'tunnel', appProtocol: 'hbone' }, 'HBONE']
	])('%s', (_name, port, want) => {
		expect(portProtocol(port)).toBe(want);
	});
});

let t = 0;
function pa(name: string, namespace: string, spec: Record<string, unknown>): KubeObject {
	t++;
	return {
		apiVersion: 'security.istio.io/v1',
		kind: 'PeerAuthentication',
		metadata: { name, namespace, creationTimestamp: `2026-01-01T00:00:0${t}Z` },
		spec
	} as unknown as KubeObject;
}

describe('printPeerAuthentication', () => {
	const labels = { app: 'ratings' };
	it('is PERMISSIVE with no policy, and lists none', () => {
		expect(printPeerAuthentication([], 'istio-system', 'default', labels)).toBe(
			'Effective PeerAuthentication:\n   Workload mTLS mode: PERMISSIVE\n'
		);
	});
	it('takes the namespace over the mesh, and a workload UNSET inherits', () => {
		const all = [
			pa('mesh', 'istio-system', { mtls: { mode: 'STRICT' } }),
			pa('ns', 'default', { mtls: { mode: 'DISABLE' } }),
			pa('w', 'default', {
				selector: { matchLabels: { app: 'ratings' } },
				mtls: { mode: 'UNSET' },
				portLevelMtls: { '9080': { mode: 'STRICT' }, '80': { mode: 'UNSET' } }
			}),
			pa('other', 'default', {
				selector: { matchLabels: { app: 'reviews' } },
				mtls: { mode: 'STRICT' }
			})
		];
		expect(printPeerAuthentication(all, 'istio-system', 'default', labels)).toBe(
			'Effective PeerAuthentication:\n   Workload mTLS mode: DISABLE\n   Port Level mTLS mode:\n      80: DISABLE\n      9080: STRICT\nApplied PeerAuthentication:\n   mesh.istio-system, ns.default, w.default\n'
		);
	});
	it('ignores a selector policy in the root namespace when composing', () => {
		const all = [
			pa('rootsel', 'istio-system', { selector: { matchLabels: labels }, mtls: { mode: 'STRICT' } })
		];
		expect(printPeerAuthentication(all, 'istio-system', 'default', labels)).toBe(
			'Effective PeerAuthentication:\n   Workload mTLS mode: PERMISSIVE\nApplied PeerAuthentication:\n   rootsel.istio-system\n'
		);
	});
});
