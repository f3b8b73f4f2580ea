/**
 * QoS classes as kubernetes pkg/apis/core/helper/qos/qos.go ComputePodQOS gives them (cases in
 * the spirit of qos_test.go), and quantities as apimachinery's resource.Quantity reads them.
 */
import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../../src/mesh/api/objects.ts';
import { podQosClass } from '../../../src/mesh/api/pod-qos.ts';
import { parseQuantity } from '../../../src/mesh/api/quantity.ts';

type Res = { requests?: Record<string, string>; limits?: Record<string, string> };
const c = (name: string, resources?: Res): Container =>
	({ name, image: 'x', ...(resources ? { resources } : {}) }) as Container;
const spec = (containers: Container[], initContainers?: Container[]): Pod['spec'] =>
	({ containers, ...(initContainers ? { initContainers } : {}) }) as Pod['spec'];

describe('podQosClass', () => {
	it.each([
		['no resources at all', spec([c('a'), c('b')]), 'BestEffort'],
		[
			'only an extended resource',
			spec([c('a', { limits: { 'nvidia.com/gpu': '1' } })]),
			'BestEffort'
		],
		['zero requests', spec([c('a', { requests: { cpu: '0', memory: '0' } })]), 'BestEffort'],
		[
			'cpu and memory limits equal to requests',
			spec([
				c('a', {
					requests: { cpu: '100m', memory: '100Mi' },
					limits: { cpu: '0.1', memory: '100Mi' }
				})
			]),
			'Guaranteed'
		],
		[
			'limits only (requests default to them)',
			spec([c('a', { limits: { cpu: '1', memory: '1Gi' } })]),
			'Guaranteed'
		],
		['a cpu limit only', spec([c('a', { limits: { cpu: '1' } })]), 'Burstable'],
		[
			'one guaranteed container and one best effort',
			spec([c('a', { limits: { cpu: '1', memory: '1Gi' } }), c('b')]),
			'Burstable'
		],
		[
			'requests below limits',
			spec([
				c('a', { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } })
			]),
			'Burstable'
		],
		// Istio's injected native sidecar (requests 100m/128Mi, limits 2/1Gi) beside a bare app.
		[
			'an injected istio-proxy init container',
			spec(
				[c('app')],
				[
					c('istio-proxy', {
						requests: { cpu: '100m', memory: '128Mi' },
						limits: { cpu: '2', memory: '1Gi' }
					})
				]
			),
			'Burstable'
		]
	])('%s', (_name, s, want) => {
		expect(podQosClass(s)).toBe(want);
	});
});

describe('parseQuantity', () => {
	it.each([
		['100m', 100_000_000n],
		['0.1', 100_000_000n],
		['1', 1_000_000_000n],
		['1k', 1_000_000_000_000n],
		['1Ki', 1024_000_000_000n],
		['128Mi', 128n * 1024n * 1024n * 1_000_000_000n],
		['1e3', 1_000_000_000_000n],
		['1.5Gi', 3n * 512n * 1024n * 1024n * 1_000_000_000n],
		['-2', -2_000_000_000n],
		['5n', 5n]
	])('%s', (text, nanos) => {
		expect(parseQuantity(text)).toBe(nanos);
	});

	it.each(['', 'abc', '1Z', '1.2.3', 'Mi'])('refuses %j', (text) => {
		expect(parseQuantity(text)).toBeUndefined();
	});
});
