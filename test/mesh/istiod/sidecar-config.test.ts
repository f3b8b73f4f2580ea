/**
 * Protocol selection for a sidecar's listeners, as Istio documents it ("Explicit protocol
 * selection", istio.io docs/ops/configuration/traffic-management/protocol-selection): the
 * `appProtocol` field wins, else the port name's `<protocol>[-<suffix>]`; HTTP-family ports get
 * Envoy's HTTP connection manager, the rest a TCP proxy.
 */
import { describe, expect, it } from 'vitest';
import { portIsHttp } from '../../../src/mesh/istiod/sidecar-config.ts';

const CASES: [string, { name?: string; appProtocol?: string }, boolean][] = [
	['name http', { name: 'http' }, true],
	['name http-web', { name: 'http-web' }, true],
	['name HTTP2 (any case)', { name: 'HTTP2' }, true],
	['name grpc-web', { name: 'grpc-web' }, true],
	['name grpc', { name: 'grpc' }, true],
	['name tcp', { name: 'tcp' }, false],
	['name tcp-mysql', { name: 'tcp-mysql' }, false],
	['name https (TLS, not HTTP)', { name: 'https' }, false],
	['name httpbin (no dash: not a protocol)', { name: 'httpbin' }, false],
	['no name', {}, false],
	['appProtocol http over a tcp name', { name: 'tcp', appProtocol: 'http' }, true],
	['appProtocol tcp over an http name', { name: 'http', appProtocol: 'tcp' }, false],
	['appProtocol kubernetes.io/h2c', { appProtocol: 'kubernetes.io/h2c' }, true]
];

describe('protocol selection', () => {
	it.each(CASES)('%s', (_name, port, http) => {
		expect(portIsHttp(port)).toBe(http);
	});
});
