/**
 * Cascading deletion as a user sees it (kube-controller-manager's garbagecollector, background
 * propagation): deleting an owner removes its dependents, an object created naming an owner
 * that no longer exists is collected, and one naming a live owner or a kind the server cannot
 * map is left alone.
 */
import { describe, expect, it } from 'vitest';
import { runTranscript } from '../../../src/shell/transcript.ts';
import { playground } from '../../support/playground.ts';

const configMap = (name: string, owner: string) => `kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  ownerReferences:
  - apiVersion: ${owner}
data: {}
EOF`;

describe('garbage collector', () => {
	it('deletes dependents of a deleted owner and objects whose owners are gone, keeps the rest', async () => {
		const p = await playground('inprocess', 'empty');
		const run = (s: string) => runTranscript(s, p.shell);
		await run(
			'kubectl create deployment web --image=nginx --replicas=2\nkubectl rollout status deploy/web'
		);
		const uid =
			(await run("kubectl get deploy web -o jsonpath='{.metadata.uid}'")).split('\n')[1] ?? '';
		expect(uid).toMatch(/^[0-9a-f-]{36}$/);
		await run(
			[
				configMap('owned-by-web', `apps/v1\n    kind: Deployment\n    name: web\n    uid: ${uid}`),
				configMap(
					'owned-by-ghost',
					`apps/v1\n    kind: Deployment\n    name: ghost\n    uid: 00000000-0000-4000-8000-000000000000`
				),
				configMap(
					'owned-by-unknown-kind',
					`example.com/v1\n    kind: Widget\n    name: w\n    uid: 00000000-0000-4000-8000-000000000001`
				)
			].join('\n')
		);
		await p.cluster.settle();
		expect(await run('kubectl get configmap -o name | grep owned')).toBe(
			'$ kubectl get configmap -o name | grep owned\nconfigmap/owned-by-unknown-kind\nconfigmap/owned-by-web\n'
		);
		await run('kubectl delete deployment web');
		await p.cluster.settle();
		expect(await run('kubectl get rs,pods,configmap -o name | grep -v kube-root')).toBe(
			'$ kubectl get rs,pods,configmap -o name | grep -v kube-root\nconfigmap/owned-by-unknown-kind\n'
		);
		await p.cluster.dispose();
	}, 30_000);
});
