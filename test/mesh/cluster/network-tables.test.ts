/**
 * Pods stranded by an uninstall: istio-cni does not unhook captured pods when it stops
 * (istio/istio#49067), so a pod still annotated `ambient.istio.io/redirection: enabled` on a node
 * where neither ztunnel nor istio-cni runs has its traffic sent to sockets nobody holds.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/mesh/api/objects.ts';
import { computeStranded } from '../../../src/mesh/cluster/network-tables.ts';

function pod(
	name: string,
	namespace: string,
	node: string,
	ip: string,
	options: { labels?: Record<string, string>; redirected?: boolean; phase?: string } = {}
): Pod {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name,
			namespace,
			labels: options.labels ?? {},
			...(options.redirected ? { annotations: { 'ambient.istio.io/redirection': 'enabled' } } : {})
		},
		spec: { nodeName: node, containers: [{ name: 'app', image: 'app' }] },
		status: { phase: options.phase ?? 'Running', podIP: ip }
	} as Pod;
}

const ztunnel = (node: string, ip: string): Pod =>
	pod(`ztunnel-${node}`, 'istio-system', node, ip, { labels: { app: 'ztunnel' } });
const cni = (node: string, ip: string): Pod =>
	pod(`istio-cni-node-${node}`, 'istio-system', node, ip, {
		labels: { 'k8s-app': 'istio-cni-node' }
	});

describe('computeStranded', () => {
	it.each([
		{
			name: 'Istio running on the node: nothing stranded',
			pods: [
				ztunnel('w1', '10.0.1.2'),
				cni('w1', '10.0.1.3'),
				pod('a', 'default', 'w1', '10.0.1.9', { redirected: true })
			],
			expected: []
		},
		{
			name: 'uninstalled: the redirected pod is stranded, the plain one is not',
			pods: [
				pod('a', 'default', 'w1', '10.0.1.9', { redirected: true }),
				pod('b', 'default', 'w1', '10.0.1.8')
			],
			expected: ['10.0.1.9']
		},
		{
			name: 'istio-cni still on the node (only ztunnel gone): not stranded here',
			pods: [cni('w1', '10.0.1.3'), pod('a', 'default', 'w1', '10.0.1.9', { redirected: true })],
			expected: []
		},
		{
			name: 'Istio gone from one node only: only that node’s pods',
			pods: [
				ztunnel('w2', '10.0.2.2'),
				cni('w2', '10.0.2.3'),
				pod('a', 'default', 'w1', '10.0.1.9', { redirected: true }),
				pod('b', 'default', 'w2', '10.0.2.9', { redirected: true })
			],
			expected: ['10.0.1.9']
		},
		{
			name: 'a pod that is not running holds no address',
			pods: [pod('a', 'default', 'w1', '10.0.1.9', { redirected: true, phase: 'Succeeded' })],
			expected: []
		}
	])('$name', ({ pods, expected }) => {
		expect(computeStranded(pods)).toEqual(expected);
	});
});
