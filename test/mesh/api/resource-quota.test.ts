/**
 * ResourceQuota's decisions (src/mesh/api/resource-quota.ts), from kubernetes
 * plugin/pkg/admission/resourcequota/controller.go (the "exceeded quota" message) and
 * pkg/quota/v1/evaluator/core/pods.go (scopes, "must specify … for: …"); quantities print as
 * apimachinery's Quantity.String() does.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../../src/mesh/api/objects.ts';
import { formatQuantity, parseQuantity, quantityFormat } from '../../../src/mesh/api/quantity.ts';
import { admitPodAgainstQuotas, readQuota } from '../../../src/mesh/api/resource-quota.ts';

const quota = (name: string, spec: Record<string, unknown>): KubeObject =>
	({
		apiVersion: 'v1',
		kind: 'ResourceQuota',
		metadata: { name, namespace: 'ns' },
		spec
	}) as unknown as KubeObject;

const pod = (name: string, spec: Record<string, unknown>): Pod =>
	({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns' }, spec }) as unknown as Pod;

const container = (resources?: Record<string, unknown>): Record<string, unknown> => ({
	name: 'c',
	image: 'nginx',
	...(resources ? { resources } : {})
});

const ns = (pods: Pod[]) => ({ pods, count: () => 0 });

describe('Quantity.String()', () => {
	it.each([
		['1000', '1k'],
		['1500', '1500'],
		['0.1', '100m'],
		['2', '2'],
		['1024Mi', '1Gi'],
		['1536Mi', '1536Mi'],
		['256Mi', '256Mi']
	])('%s prints as %s', (text, printed) => {
		expect(formatQuantity(parseQuantity(text) ?? 0n, quantityFormat(text))).toBe(printed);
	});
});

describe('the ResourceQuota admission plugin on a pod create', () => {
	const pods = readQuota(quota('two', { hard: { pods: '2' } }));
	const cpu = readQuota(quota('cpu', { hard: { 'requests.cpu': '1', 'limits.cpu': '2' } }));
	const critical = (hard: number) =>
		readQuota(
			quota('gcp-critical-pods', {
				hard: { pods: hard },
				scopeSelector: {
					matchExpressions: [
						{ operator: 'In', scopeName: 'PriorityClass', values: ['system-node-critical'] }
					]
				}
			})
		);
	const running = (n: number): Pod[] =>
		Array.from({ length: n }, (_, i) => pod(`p${i}`, { containers: [container()] }));

	it('admits a pod under the pod count', () => {
		expect(
			admitPodAgainstQuotas([pods], pod('x', { containers: [container()] }), ns(running(1)))
		).toBeUndefined();
	});

	it('refuses the pod that would exceed it', () => {
		expect(
			admitPodAgainstQuotas([pods], pod('x', { containers: [container()] }), ns(running(2)))
		).toBe('exceeded quota: two, requested: pods=1, used: pods=2, limited: pods=2');
	});

	it('asks every container for the compute resources a quota tracks', () => {
		expect(admitPodAgainstQuotas([cpu], pod('x', { containers: [container()] }), ns([]))).toBe(
			'failed quota: cpu: must specify limits.cpu for: c; requests.cpu for: c'
		);
	});

	it('sums cpu requests against the hard limit', () => {
		const asks = container({ requests: { cpu: '600m' }, limits: { cpu: '1' } });
		const first = pod('a', { containers: [asks] });
		expect(admitPodAgainstQuotas([cpu], pod('b', { containers: [asks] }), ns([first]))).toBe(
			'exceeded quota: cpu, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1'
		);
	});

	it('a PriorityClass scope counts only pods of that class', () => {
		const plain = pod('x', { containers: [container()] });
		const node = pod('y', { containers: [container()], priorityClassName: 'system-node-critical' });
		const full = critical(1);
		expect(admitPodAgainstQuotas([full], plain, ns([node]))).toBeUndefined();
		expect(admitPodAgainstQuotas([full], node, ns([node]))).toMatch(
			/^exceeded quota: gcp-critical-pods/
		);
	});
});
