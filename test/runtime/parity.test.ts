/**
 * One script, two runtimes: what the user sees (the transcript: command output, sim times,
 * pod names and IPs) and the final cluster state must be identical in-process and on
 * worker_threads (one worker per pod, as the browser runs them).
 */
import { describe, expect, it } from 'vitest';
import { transcript } from '../support/playground.ts';

const SCRIPT = `
kubectl get pods -o wide
kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\\n" http://productpage:9080/productpage
kubectl exec deploy/curl -- sh -c "for i in \\$(seq 1 6); do curl -s http://productpage:9080/productpage | grep -o 'reviews-v.-[a-z0-9-]*'; done"
kubectl exec deploy/curl -- curl -sS http://details:9081/
kubectl exec deploy/curl -- curl -sS http://nope:9080/
kubectl scale deploy/ratings-v1 --replicas=2
kubectl delete pod -l app=details
kubectl get endpoints
kubectl exec deploy/curl -- curl -s -w "\\n%{time_total}\\n" http://details:9080/details/0
kubectl logs deploy/productpage-v1
kubectl get pods -A -o wide
`;

describe('runtime parity', () => {
	it('the worker runtime prints exactly what the in-process runtime prints', async () => {
		const inProcess = await transcript(SCRIPT, 'inprocess');
		expect(inProcess).toContain('<title>Simple Bookstore App</title>');
		expect(inProcess).toMatch(/^200 0\.\d{6}$/m);
		expect(inProcess).toContain('curl: (7) Failed to connect to details port 9081');
		expect(await transcript(SCRIPT, 'workers')).toBe(inProcess);
	}, 60_000);
});
