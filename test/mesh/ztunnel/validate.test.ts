import { describe, expect, it } from 'vitest';
import type { IpAddr } from '../../../src/mesh/types.ts';
import { configError } from '../../../src/mesh/proxy/l4/state/validate.ts';
import type { TunnelProtocol } from '../../../src/mesh/xds/workload-api.ts';
import { config, service, workload } from './fixtures.ts';

const curl = workload('curl', '10.244.1.9');

describe('what ztunnel NACKs', () => {
	it.each([
		{
			name: 'a config istiod builds',
			cfg: config([curl], [service('curl', '10.96.0.9', { 80: 80 }, [curl])]),
			error: undefined
		},
		{ name: 'no resources at all', cfg: config([]), error: undefined },
		{
			name: 'a workload address that is not IPv4',
			cfg: config([workload('curl', '10.244.1.9', { address: '10.244.1.999' as IpAddr })]),
			error: 'workload Kubernetes//Pod/default/curl-abc12: invalid IP address "10.244.1.999"'
		},
		{
			// multicluster.go createSplitHorizonWorkload: no address, the gateway's instead.
			name: 'a split-horizon workload (no address, a network gateway)',
			cfg: config([
				workload('remote', '10.244.1.9', {
					address: '' as IpAddr,
					network: 'network2',
					networkGateway: { network: 'network2', address: '172.18.255.200', hboneMtlsPort: 15008 }
				})
			]),
			error: undefined
		},
		{
			name: 'a workload with no address and no network gateway',
			cfg: config([workload('curl', '10.244.1.9', { address: '' as IpAddr })]),
			error: 'workload Kubernetes//Pod/default/curl-abc12: invalid IP address ""'
		},
		{
			name: 'an unknown tunnel protocol',
			cfg: config([workload('curl', '10.244.1.9', { protocol: 'QUIC' as TunnelProtocol })]),
			error: 'workload Kubernetes//Pod/default/curl-abc12: unknown tunnel protocol "QUIC"'
		},
		{
			name: 'a service VIP that is not an address',
			cfg: config([curl], [service('curl', 'curl.default', { 80: 80 }, [curl])]),
			error: 'service curl.default.svc.cluster.local: invalid IP address "curl.default"'
		}
	])('$name', ({ cfg, error }) => {
		expect(configError(cfg)).toBe(error);
	});
});
