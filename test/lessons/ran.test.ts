/**
 * `ran:` checks compare parsed argv, not spelling (issue 14): every way a learner may type the
 * command the step asks for passes, and a different command fails with evidence in words.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CommandLog } from '../../src/lessons/command-log.ts';
import { evaluateRan } from '../../src/lessons/checks/ran.ts';
import type { CheckContext } from '../../src/lessons/checks/context.ts';
import type { RanPredicate } from '../../src/lessons/types.ts';
import type { Cluster } from '../../src/mesh/cluster.ts';
import { createCluster } from '../../src/mesh/cluster/create.ts';
import { createFakeRuntime } from '../support/fake-runtime.ts';

let cluster: Cluster;
beforeAll(async () => {
	cluster = await createCluster({
		crypto: globalThis.crypto,
		seed: 1,
		runtime: createFakeRuntime()
	});
});

async function check(p: RanPredicate, ...lines: (string | [string, number, string?])[]) {
	const log = new CommandLog();
	for (const l of lines) {
		const [command, exitCode, output] = typeof l === 'string' ? [l, 0, ''] : l;
		log.record({ command, exitCode, output: output ?? '', by: 'learner' });
	}
	const ctx: CheckContext = {
		cluster,
		log,
		window: { commands: 0, capture: 0, traffic: 0 },
		probeRanges: { capture: [], traffic: [] }
	};
	return evaluateRan(ctx, p);
}

const WIDE: RanPredicate = { command: 'kubectl get pods -o wide' };

describe('ran: the same command in any spelling', () => {
	it.each([
		'kubectl get pods -o wide',
		'kubectl get pods --output=wide',
		'kubectl get pods --output wide',
		'kubectl get -o wide pods',
		'kubectl get po -owide',
		'kubectl get pod -o wide',
		'kubectl -n default get pods -o wide',
		'kubectl get pods -o wide --show-labels',
		'kubectl get pods -o wide | grep productpage',
		'clear && kubectl get pods -o wide',
		'kubectl get pods,svc -o wide',
		'kubectl get \'pods\' -o "wide"'
	])('accepts `%s`', async (line) => {
		expect(await check(WIDE, line)).toMatchObject({ passed: true, evidence: [`ran: ${line}`] });
	});

	it.each([
		['kubectl get pods', '`kubectl get pods` ran, but without --output wide'],
		['kubectl get svc -o wide', '`kubectl get svc -o wide` ran, but without pods'],
		['kubectl describe pods', 'no `kubectl get` in this step yet'],
		['echo kubectl get pods -o wide', 'no `kubectl get` in this step yet'],
		['kubectl get pods -o wide --bogus', 'no `kubectl get` in this step yet']
	])('rejects `%s`, saying why in words', async (line, why) => {
		const v = await check(WIDE, line);
		expect(v).toEqual({ passed: false, evidence: [why] });
		expect(v.evidence.join()).not.toMatch(/[\\|]\(|\+\(/);
	});

	it('istioctl: aliases and flags before the subcommand', async () => {
		const zc: RanPredicate = {
			command: 'istioctl ztunnel-config workloads --workload-namespace default'
		};
		for (const line of [
			'istioctl zc workloads --workload-namespace default',
			'istioctl zc w --workload-namespace=default',
			'istioctl ztunnel-config workload --workload-namespace default -o json',
			'istioctl -i istio-system zc workloads --workload-namespace default'
		])
			expect((await check(zc, line)).passed, line).toBe(true);
		expect(await check(zc, 'istioctl zc services')).toEqual({
			passed: false,
			evidence: ['no `istioctl ztunnel-config workload` in this step yet']
		});
	});

	it('alternatives, namespaces, exit codes and output', async () => {
		const system: RanPredicate = {
			command: ['kubectl get pods -n istio-system', 'kubectl get pods -A']
		};
		for (const line of [
			'kubectl -n istio-system get pods',
			'kubectl get pods --namespace=istio-system',
			'kubectl get po --all-namespaces',
			'kubectl get pods -A -o wide'
		])
			expect((await check(system, line)).passed, line).toBe(true);
		expect((await check(system, 'kubectl get pods')).passed).toBe(false);

		const labelled: RanPredicate = {
			command: 'kubectl label namespace default istio.io/dataplane-mode=ambient',
			exitCode: 0
		};
		expect(
			(await check(labelled, 'kubectl label ns default istio.io/dataplane-mode=ambient')).passed
		).toBe(true);
		expect(
			await check(labelled, ['kubectl label ns default istio.io/dataplane-mode=ambient', 1])
		).toEqual({
			passed: false,
			evidence: ['`kubectl label ns default istio.io/dataplane-mode=ambient` exited with 1']
		});

		const prints: RanPredicate = { command: 'kubectl get pods', prints: 'productpage-\\S+' };
		expect(await check(prints, ['kubectl get pods', 0, 'No resources found'])).toEqual({
			passed: false,
			evidence: ['`kubectl get pods` ran, but its output did not show what this step looks for']
		});
		expect(
			(await check(prints, ['kubectl get pods', 0, 'productpage-v1-abc 1/1 Running'])).passed
		).toBe(true);
	});

	it('kubectl exec: the command after -- counts too', async () => {
		const exec: RanPredicate = {
			command: 'kubectl exec deploy/curl -- curl http://productpage:9080/productpage'
		};
		expect(
			(
				await check(
					exec,
					'kubectl exec deploy/curl -c curl -- curl -s http://productpage:9080/productpage'
				)
			).passed
		).toBe(true);
		expect(
			(
				await check(
					exec,
					'kubectl exec deployment/curl -- curl -s http://productpage:9080/productpage'
				)
			).passed
		).toBe(true);
		expect(
			(await check(exec, 'kubectl exec deploy/curl -- curl http://details:9080/')).passed
		).toBe(false);
	});
});
