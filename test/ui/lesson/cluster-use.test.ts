/** Whether a lesson may start on the page's cluster as it is, must restart it, or must ask first. */
import { describe, expect, it } from 'vitest';
import type { CommandRecord } from '../../../src/lessons/command-log.ts';
import { ClusterUse, mayChangeCluster } from '../../../src/ui/lesson/cluster-use.ts';

const typed = (command: string, by: CommandRecord['by'] = 'learner'): CommandRecord => ({
	command,
	exitCode: 0,
	output: '',
	by
});

describe('mayChangeCluster', () => {
	it.each([
		['istioctl install --set profile=ambient -y', true],
		['kubectl label namespace default istio.io/dataplane-mode=ambient', true],
		['kubectl -n istio-system delete pod -l app=ztunnel', true],
		['kubectl apply -f - <<EOF\nkind: ConfigMap\nEOF', true],
		['istioctl waypoint apply --enroll-namespace --wait', true],
		['kubectl get pods -l app=label && kubectl create namespace x', true],
		['for i in 1 2; do kubectl delete ns a$i; done', true],
		['kubectl get pods -o wide', false],
		['kubectl get pods -l app=label', false],
		['kubectl -n default describe deploy/productpage-v1', false],
		[
			'kubectl exec deploy/curl -- curl -s http://productpage:9080/ | grep -o "<title>.*</title>"',
			false
		],
		['istioctl zc workloads', false],
		['istioctl x precheck', false],
		['echo kubectl apply', false]
	])('%s → %s', (line, changes) => {
		expect(mayChangeCluster(line)).toBe(changes);
	});
});

describe('ClusterUse', () => {
	const booted = {};

	it('lets a lesson start on the cluster the page just booted (a deep link)', () => {
		const use = new ClusterUse();
		use.cluster(booted);
		use.command(typed('kubectl get pods -o wide'), false);
		expect(use.start('bookinfo', false)).toBe('as-is');
		expect(use.start('empty', false)).toBe('restart');
	});

	it('asks before replacing a sandbox the learner changed, and not for what a lesson did', () => {
		const use = new ClusterUse();
		use.cluster(booted);
		use.command(typed('istioctl install --set profile=ambient -y', 'engine'), false);
		use.command(typed('kubectl label ns default istio.io/dataplane-mode=ambient'), true);
		expect(use.sandboxChanges).toBe(0);
		use.command(typed('istioctl install --set profile=ambient -y'), false);
		expect(use.sandboxChanges).toBe(1);
		expect(use.start('bookinfo', false)).toBe('ask');
		expect(use.start('bookinfo', true)).toBe('ask');
	});

	it('restarts a cluster a lesson used, and starts clean with a new cluster', () => {
		const use = new ClusterUse();
		use.cluster(booted);
		use.lessonRan();
		expect(use.start('bookinfo', false)).toBe('restart');
		expect(use.start('bookinfo', true)).toBe('restart');
		use.cluster(booted);
		expect(use.start('bookinfo', false)).toBe('restart');
		use.command(typed('kubectl delete deploy/reviews-v1'), false);
		use.cluster({});
		expect(use.sandboxChanges).toBe(0);
		expect(use.start('bookinfo', false)).toBe('as-is');
	});
});
