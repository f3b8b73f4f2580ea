import { describe, expect, it } from 'vitest';
import { transcript } from '../../support/playground.ts';

/** The write verbs end to end: the real shell, API server, controllers and pods. */
describe('write verbs on a real playground', () => {
	it('labels, execs a loop in the curl pod, scales, restarts and deletes', async () => {
		const out = await transcript(`kubectl label namespace default istio.io/dataplane-mode=ambient
kubectl exec deploy/curl -- sh -c "for i in \\$(seq 1 4); do curl -s http://productpage:9080/productpage | grep reviews-v; done" | wc -l
kubectl exec deploy/curl -- sh -c "nosuchprogram"
kubectl wait --for=condition=Ready pod -l app=productpage --timeout=60s
kubectl scale deploy/ratings-v1 --replicas=2
kubectl rollout restart deploy/reviews-v1
kubectl rollout status deploy/reviews-v1
kubectl delete -f samples/curl/curl.yaml
`);
		const lines = out.split('\n');
		expect(lines).toContain('namespace/default labeled');
		expect(out).toMatch(/grep reviews-v; done" \| wc -l\n\s*4\n/);
		expect(out).toContain('sh: nosuchprogram: not found\ncommand terminated with exit code 127\n');
		expect(out).toMatch(/\npod\/productpage-v1-[a-z0-9]+-[a-z0-9]+ condition met\n/);
		expect(lines).toContain('deployment.apps/ratings-v1 scaled');
		expect(lines).toContain('deployment.apps/reviews-v1 restarted');
		expect(lines).toContain('deployment "reviews-v1" successfully rolled out');
		expect(lines).toContain('deployment.apps "curl" deleted from default namespace');
	}, 60_000);
});
