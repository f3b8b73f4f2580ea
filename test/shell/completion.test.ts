import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playground } from '../../src/shell/playground.ts';
import { playground } from '../support/playground.ts';

/** What Tab offers at the end of `line` (the word under the cursor is replaced by each). */
describe('tab completion', () => {
	let p: Playground;
	beforeAll(async () => {
		p = await playground('inprocess', 'bookinfo');
	});
	afterAll(async () => {
		await p?.cluster.dispose();
	});

	const offered = (line: string): readonly string[] =>
		p.shell.complete(line, line.length).candidates;

	it.each([
		{ name: 'command names', line: 'kub', expected: ['kubectl'] },
		{ name: 'command after a pipe', line: 'kubectl get pods | gr', expected: ['grep'] },
		{ name: 'kubectl verbs', line: 'kubectl ge', expected: ['get'] },
		{ name: 'kubectl verbs by prefix', line: 'kubectl po', expected: ['port-forward'] },
		{
			name: 'verb after a global flag',
			line: 'kubectl -n default de',
			expected: ['debug', 'delete', 'describe']
		},
		{ name: 'resource kinds', line: 'kubectl get deploy', expected: ['deployments'] },
		{
			name: 'kinds after a comma',
			line: 'kubectl get pods,serviceacc',
			expected: ['pods,serviceaccounts']
		},
		{
			name: 'no kinds the server lacks (Istio CRDs not installed)',
			line: 'kubectl get authorizationp',
			expected: []
		},
		{
			name: 'live names of a kind',
			line: 'kubectl get deployments reviews',
			expected: ['reviews-v1', 'reviews-v2', 'reviews-v3']
		},
		{
			name: 'TYPE/NAME names',
			line: 'kubectl describe svc/prod',
			expected: ['svc/productpage']
		},
		{
			name: 'names in another namespace',
			line: 'kubectl get pods -n kube-system kube-sched',
			expected: ['kube-scheduler-ambient-control-plane']
		},
		{
			name: 'namespaces for -n',
			line: 'kubectl get pods -n kube-',
			expected: ['kube-node-lease', 'kube-public', 'kube-system']
		},
		{
			name: 'namespaces for --namespace=',
			line: 'kubectl get pods --namespace=def',
			expected: ['--namespace=default']
		},
		{ name: 'output formats', line: 'kubectl get pods -o y', expected: ['yaml'] },
		{
			name: 'verb flags',
			line: 'kubectl get pods --show-',
			expected: ['--show-kind', '--show-labels']
		},
		{ name: 'apply -f files', line: 'kubectl apply -f samples/cu', expected: ['samples/curl/'] },
		{ name: 'rollout subcommands', line: 'kubectl rollout re', expected: ['restart'] },
		{ name: 'rollout kinds', line: 'kubectl rollout restart dep', expected: ['deployments'] },
		{ name: 'exec pods', line: 'kubectl exec cu', expected: [expect.stringMatching(/^curl-/)] },
		{
			name: 'port-forward svc/',
			line: 'kubectl port-forward svc/product',
			expected: ['svc/productpage']
		},
		{ name: 'nothing after --', line: 'kubectl exec deploy/curl -- cu', expected: [] },
		{ name: 'istioctl subcommands', line: 'istioctl in', expected: ['install'] },
		{ name: 'istioctl nested subcommands', line: 'istioctl x pre', expected: ['precheck'] },
		{ name: 'istioctl flags', line: 'istioctl install --sk', expected: ['--skip-confirmation'] },
		{ name: 'istioctl validate', line: 'istioctl vali', expected: ['validate'] },
		{ name: 'istioctl x describe', line: 'istioctl x describe s', expected: ['service'] },
		{
			name: 'istioctl x describe pod names',
			line: 'istioctl x describe pod ratings',
			expected: [expect.stringMatching(/^ratings-v1-/)]
		},
		{
			name: 'istioctl x describe service names',
			line: 'istioctl x des svc product',
			expected: ['productpage']
		},
		{
			name: 'istioctl --set values',
			line: 'istioctl install --set pro',
			expected: ['profile=ambient']
		},
		{ name: 'files for other commands', line: 'cat samples/book', expected: ['samples/bookinfo/'] }
	])('$name: $line', ({ line, expected }) => {
		expect(offered(line)).toEqual(expected);
	});

	it('replaces only the word under the cursor', () => {
		const line = 'kubectl get deploy -n default';
		expect(p.shell.complete(line, 'kubectl get deploy'.length)).toEqual({
			from: 'kubectl get '.length,
			candidates: ['deployments']
		});
	});

	it('sees objects created a moment ago', async () => {
		await p.shell.execute('kubectl create namespace tab-test', {
			stdin: '',
			stdout: () => {},
			stderr: () => {}
		});
		expect(offered('kubectl get ns tab-')).toEqual(['tab-test']);
	});
});

describe('tab completion of Istio kinds', () => {
	it('offers them once istioctl install has created their CRDs', async () => {
		const p = await playground('inprocess', 'empty');
		try {
			await p.shell.execute('istioctl install --set profile=ambient -y', {
				stdin: '',
				stdout: () => {},
				stderr: () => {}
			});
			const line = 'kubectl get authorizationp';
			expect(p.shell.complete(line, line.length).candidates).toEqual(['authorizationpolicies']);
		} finally {
			await p.cluster.dispose();
		}
	});
});

describe('tab completion of helm', () => {
	it('offers subcommands, flags, the added repository charts and live releases', async () => {
		const p = await playground('inprocess', 'empty');
		const quiet = { stdin: '', stdout: () => {}, stderr: () => {} };
		const offered = (line: string): readonly string[] =>
			p.shell.complete(line, line.length).candidates;
		try {
			expect(offered('helm in')).toEqual(['install']);
			expect(offered('helm repo up')).toEqual(['update']);
			expect(offered('helm install istio-base istio/')).toEqual([]);
			await p.shell.execute(
				'helm repo add istio https://istio-release.storage.googleapis.com/charts',
				quiet
			);
			expect(offered('helm install istio-base istio/b')).toEqual(['istio/base']);
			expect(offered('helm install istio-base istio/base --create-n')).toEqual([
				'--create-namespace'
			]);
			expect(offered('helm install istiod istio/istiod --set pro')).toEqual(['profile=ambient']);
			await p.shell.execute(
				'helm install istio-base istio/base -n istio-system --create-namespace',
				quiet
			);
			expect(offered('helm status istio-')).toEqual(['istio-base']);
			expect(offered('helm get values istio-')).toEqual(['istio-base']);
			expect(offered('helm ls -n istio-s')).toEqual(['istio-system']);
		} finally {
			await p.cluster.dispose();
		}
	});
});
