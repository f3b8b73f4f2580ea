/**
 * Which Service ports a waypoint proxies at L4: Istio's explicit protocol selection
 * (istio/istio pkg/config/protocol/instance.go `Parse`, kube/conversion.go `ConvertProtocol`:
 * `appProtocol` first, else the port name's prefix before `-`), TCP-like protocols only.
 */
import { describe, expect, it } from 'vitest';
import { isTcpServicePort } from '../../../src/mesh/istiod/waypoints-tcp-ports.ts';

describe('waypoint TCP ports', () => {
	const cases: { port: { name?: string; appProtocol?: string }; tcp: boolean }[] = [
		{ port: { name: 'tcp' }, tcp: true },
		{ port: { name: 'tcp-other' }, tcp: true },
		{ port: { name: 'mongo' }, tcp: true },
		{ port: { name: 'https' }, tcp: true },
		{ port: { name: 'TLS-passthrough' }, tcp: true },
		{ port: { name: 'http' }, tcp: false },
		{ port: { name: 'http-web' }, tcp: false },
		{ port: { name: 'grpc' }, tcp: false },
		{ port: { name: 'web', appProtocol: 'tcp' }, tcp: true },
		{ port: { name: 'tcp', appProtocol: 'http' }, tcp: false },
		// No protocol: not selected explicitly, served as HTTP (README, Simplified).
		{ port: {}, tcp: false },
		{ port: { name: 'metrics' }, tcp: false }
	];
	it.each(cases)('$port → tcp $tcp', ({ port, tcp }) => {
		expect(isTcpServicePort(port)).toBe(tcp);
	});
});
