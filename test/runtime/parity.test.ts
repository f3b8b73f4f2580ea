/**
 * One script, two runtimes: what the user sees (the transcript: command output, sim times,
 * pod names and IPs) and the final cluster state must be identical in-process and on
 * worker_threads, with each packing: a node's workload pods sharing a worker with its ztunnel
 * (`workers`: the default, as the page runs), one worker per pod (`per-pod`), and every pod of a
 * node sharing a worker (`packed`: embeds, large clusters). This file: the cases every packing
 * runs. parity-istio.test.ts has the Istio features on `workers` (some on `packed` too),
 * parity-multicluster.test.ts two kind clusters: three files, so that vitest's two workers share
 * the cases (one file of them was the `node` project's longest by far).
 */
import { describe, expect, it } from 'vitest';
import { transcript, withoutTimes } from './parity-runs.ts';

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

/** Istio's request-timeouts page, condensed, then an abort and a sleep in a pod. */
const FAULTS = `
istioctl install --set profile=ambient --skip-confirmation > /dev/null 2>&1
kubectl label namespace default istio.io/dataplane-mode=ambient > /dev/null
kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null
istioctl waypoint apply --enroll-namespace --wait > /dev/null
kubectl apply -f samples/bookinfo/platform/kube/bookinfo-versions.yaml > /dev/null
kubectl apply -f - > /dev/null <<EOF
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: reviews
    port: 9080
  rules:
  - backendRefs:
    - name: reviews-v2
      port: 9080
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings
spec:
  hosts:
  - ratings
  http:
  - fault:
      delay:
        percentage:
          value: 100
        fixedDelay: 2s
    route:
    - destination:
        host: ratings
EOF
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\\n" http://productpage:9080/productpage
kubectl patch httproute reviews --type=json -p '[{"op":"add","path":"/spec/rules/0/timeouts","value":{"request":"500ms"}}]' > /dev/null
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code} %{time_total}\\n" http://productpage:9080/productpage
kubectl exec deploy/curl -- curl -s -w "\\n%{http_code} %{time_total}\\n" http://reviews:9080/reviews/0
kubectl patch virtualservice ratings --type=json -p '[{"op":"replace","path":"/spec/http/0/fault","value":{"abort":{"percentage":{"value":100},"httpStatus":500}}}]' > /dev/null
kubectl exec deploy/curl -- curl -s -w "\\n%{http_code} %{time_total}\\n" http://ratings:9080/ratings/0
kubectl exec deploy/curl -- sh -c 'date +%T; sleep 3; date +%T'
date +%T
`;
/**
 * Which worker runtimes a case runs on. What packing changes is which hosts share a worker:
 * which links are an in-worker pair instead of a MessageChannel (pod ↔ ztunnel, pods of one
 * node), whether a pod's start or exit spawns or ends a worker, and where a capture journal
 * lives. `per-pod` gives every pod a worker, `workers` (the page's default, `agent`) puts a
 * node's workload pods with its ztunnel, `packed` (`node`) every pod of a node together. The
 * cases here run on all three: plain and failing traffic on and off each node with pod churn,
 * timers racing replies, Jobs whose pods exit, mesh traffic through ztunnel and a waypoint with
 * its timeouts, a watch over a rollout, and a capture gathered from every worker.
 * (data-path-parity.test.ts runs the raw data path, sim times included, on every packing too.)
 */
describe.each(['workers', 'per-pod', 'packed'] as const)('runtime parity: %s', (workersRuntime) => {
	it('the worker runtime prints what the in-process runtime prints (curl times within 1 ms)', async () => {
		const inProcess = await transcript(SCRIPT, 'inprocess');
		expect(inProcess).toContain('<title>Simple Bookstore App</title>');
		expect(inProcess).toMatch(/^200 0\.\d{6}$/m);
		expect(inProcess).toContain('curl: (7) Failed to connect to details port 9081');
		const workers = await transcript(SCRIPT, workersRuntime);
		// Everything identical but curl's measured times, which may differ by the Lamport-clock
		// skew (README, "Two runtimes"): at most a millisecond.
		expect(withoutTimes(workers).text).toBe(withoutTimes(inProcess).text);
		const [a, b] = [withoutTimes(inProcess).times, withoutTimes(workers).times];
		expect(a.length).toBeGreaterThanOrEqual(2);
		expect(b).toHaveLength(a.length);
		b.forEach((t, i) => expect(Math.abs(t - (a[i] as number))).toBeLessThan(0.001));
	}, 60_000);

	/**
	 * Timers against replies: a --max-time, --connect-timeout or retry back-off must fire at its
	 * sim time on both runtimes, even when the reply it races is stamped later (a worker receives
	 * that reply at once in wall time). The abandoned /delay/3 comes last: httpbin's own clock
	 * still runs on to 3 s on workers, and a later request to it would carry that skew (the
	 * Lamport-clock limit below). Not yet here: mesh traffic. A ztunnel's Lamport clock can
	 * run ahead of its clients', so on workers a first HBONE connection shows a few hundred µs
	 * more than in-process (see README, "Two runtimes").
	 */
	it('timers, timeouts and retries agree', async () => {
		const script = `
kubectl apply -f samples/httpbin/httpbin.yaml > /dev/null
kubectl wait --for=condition=ready pod -l app=httpbin > /dev/null
kubectl exec deploy/curl -- curl -sS -o /dev/null -w "%{http_code} %{time_total}\\n" http://httpbin:8000/delay/1
kubectl exec deploy/curl -- curl -sS --connect-timeout 2 -w "%{time_total}\\n" http://10.244.1.250:9080/
kubectl exec deploy/curl -- curl -sS --retry 2 --retry-all-errors -w "%{time_total}\\n" http://httpbin:8000/status/503
kubectl exec deploy/curl -- curl -sS --max-time 1 -w "%{http_code} %{time_total}\\n" http://httpbin:8000/delay/3
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toContain('Operation timed out after 1000 milliseconds');
		expect(inProcess).toMatch(/^200 1\.\d{6}$/m);
		expect(inProcess).toContain('Will retry in 1 second');
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 90_000);

	/**
	 * Name resolution with kube-dns gone (net/dns.ts): curl (c-ares) is refused at once, busybox
	 * nc's musl resolver waits out resolv.conf's 5 s, a timer that must end at the same sim time
	 * on both runtimes.
	 */
	it('a lookup with CoreDNS scaled to 0 fails alike', async () => {
		const script = `
kubectl scale deploy/coredns -n kube-system --replicas=0 > /dev/null
kubectl exec deploy/curl -- curl -sS -w "%{time_total}\\n" productpage:9080/productpage
kubectl exec deploy/curl -- sh -c 'date +%T; nc -zv details 9080; date +%T'
kubectl exec deploy/curl -- nslookup -timeout=2 productpage.default.svc.cluster.local
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toContain('curl: (6) Could not resolve host: productpage');
		const [, before, after] =
			/^00:00:(\d\d)\nnc: bad address 'details'\n00:00:(\d\d)$/m.exec(inProcess) ?? [];
		expect(Number(after) - Number(before)).toBe(5);
		expect(inProcess).toContain(';; connection timed out; no servers could be reached');
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 90_000);

	/**
	 * Run-to-completion pods: a Job's container runs its command as its main process and exits;
	 * its log, the pod's phase and exit code, the Job's conditions and every age must not depend
	 * on the runtime. A failing Job's pods are replaced after the Job controller's back-off
	 * (kubernetes/kubernetes pkg/controller/job/job_controller.go, DefaultJobPodFailureBackOff
	 * 10 s, doubling; one retry here, as the worker runtime waits it out in wall time), whose
	 * timers fire during a `sleep` at their own sim times; the sleep still ends at its target (on
	 * workers it once ended ~30 s late: `advance` added its delay to the clock those timers had
	 * already moved).
	 */
	it('a Job completes alike, and a failing Job backs off alike, ages included', async () => {
		const script = `
kubectl create job hello --image=busybox:1.36 -- echo "Hello from the Job"
kubectl wait --for=condition=complete job/hello --timeout=60s
kubectl logs job/hello
kubectl get job hello -o jsonpath='{range .status.conditions[*]}{.type}={.status} {end}{.status.succeeded}{"\\n"}'
kubectl get pods -l batch.kubernetes.io/job-name -o custom-columns=NAME:.metadata.name,PHASE:.status.phase,EXIT:.status.containerStatuses[0].state.terminated.exitCode,NODE:.spec.nodeName
kubectl get jobs
kubectl create job broken --image=busybox:1.36 --dry-run=client -o yaml -- false | sed 's/^spec:/spec:\\n  backoffLimit: 1/' | kubectl apply -f -
sleep 20
date +%T
kubectl get job broken
kubectl get pods -l job-name=broken
kubectl get events --field-selector involvedObject.name=broken -o custom-columns=REASON:.reason,MESSAGE:.message
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toContain('Hello from the Job');
		expect(inProcess).toMatch(/^hello-\S+ +Succeeded +0 /m);
		expect(inProcess).toContain('SuccessCriteriaMet=True Complete=True 1');
		expect(inProcess).toMatch(/^hello +Complete +1\/1 +1s +1s$/m);
		expect(inProcess).toMatch(/^broken-\S+ +0\/1 +Error +0 +\d+s$/m);
		expect(inProcess).toMatch(
			/^BackoffLimitExceeded +Job has reached the specified backoff limit$/m
		);
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 180_000);

	/**
	 * The waits programs ask for and the timeouts that race them, through a waypoint: a
	 * VirtualService fault delay (2 s) and abort, an HTTPRoute request timeout (500 ms) that
	 * fires while the delay holds the upstream call, productpage's retry after it, and a `sleep`
	 * in a pod. Each ends at its own sim time on both runtimes. On workers a timer's wall time
	 * passing is not enough: it fires once the cluster's time has reached its deadline (README,
	 * "Clock rules"); ztunnel's unused first-config timeout once jumped a ztunnel's clock
	 * mid-request, adding ~5.7 s to the delayed request. curl's times may still differ by the
	 * Lamport skew of mesh traffic (milliseconds), never by a timer's worth.
	 * Istio's pages: docs/tasks/traffic-management/{fault-injection,request-timeouts}.
	 */
	it('fault delay and abort, a route timeout and a sleep in a pod agree', async () => {
		const inProcess = await transcript(FAULTS, 'inprocess');
		expect(inProcess).toMatch(/^200 2\.0\d{5}$/m);
		expect(inProcess).toMatch(/^200 1\.0\d{5}$/m);
		expect(inProcess).toMatch(/^upstream request timeout\n504 0\.50\d{4}$/m);
		expect(inProcess).toMatch(/^fault filter abort\n500 0\.0\d{5}$/m);
		const workers = await transcript(FAULTS, workersRuntime);
		expect(withoutTimes(workers).text).toBe(withoutTimes(inProcess).text);
		const [a, b] = [withoutTimes(inProcess).times, withoutTimes(workers).times];
		expect(a).toHaveLength(4);
		expect(b).toHaveLength(a.length);
		b.forEach((t, i) => expect(Math.abs(t - (a[i] as number))).toBeLessThan(0.01));
	}, 240_000);

	/**
	 * kubectl get -w advances sim time itself while the rollout runs; the rows it prints (pod
	 * states, ages, IPs) and where the transcript's Ctrl-C lands must not depend on the runtime.
	 */
	it('kubectl get -w during a rollout restart and a scale agrees', async () => {
		const script = `
kubectl rollout restart deploy/reviews-v2 && kubectl get pods -l app=reviews -o wide -w
^C
kubectl scale deploy/details-v1 --replicas=2 && kubectl get pods -l app=details -w --request-timeout=3s
kubectl rollout history deploy/reviews-v2
`;
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toMatch(/^reviews-v2-\S+ +1\/1 +Running .*\n\^C$/m);
		expect(inProcess).toContain('ContainerCreating');
		expect(await transcript(script, workersRuntime)).toBe(inProcess);
	}, 90_000);

	/**
	 * tcpdump in a debug container reads the runtime's capture journal through the host API
	 * (HostContext.capture): on workers that is the main thread's journal, gathered from every
	 * worker. It must print the same packets, flags, sequence numbers and bytes as in-process;
	 * its timestamps are sim times, which a Lamport clock may skew by microseconds on workers.
	 */
	it('tcpdump: a pod interface shows the same packets on both runtimes', async () => {
		const script = `
DETAILS=$(kubectl get pods -l app=details -o jsonpath='{.items[0].metadata.name}')
kubectl debug $DETAILS --image=nicolaka/netshoot -c sniff -- tcpdump -nAi eth0 -c 6 port 9080
kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://details:9080/details/0
sleep 1
kubectl logs $DETAILS -c sniff
kubectl get pod $DETAILS -o jsonpath='{range .status.ephemeralContainerStatuses[*]}{.name} {.state.terminated.exitCode}{"\\n"}{end}'
`;
		const stamps = (t: string): string => t.replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, '<time> ');
		const inProcess = await transcript(script, 'inprocess');
		expect(inProcess).toMatch(
			/^\d\d:\d\d:\d\d\.\d{6} IP [\d.]+ > [\d.]+\.9080: Flags \[S\], seq \d+, win 64240, length 0$/m
		);
		expect(inProcess).toMatch(
			/Flags \[P\.\], seq 1:\d+, ack 1, win 502, length \d+\n[^]*GET \/details\/0 HTTP\/1\.1/
		);
		expect(inProcess).toContain('6 packets captured');
		expect(inProcess).toMatch(/^sniff 0$/m);
		expect(stamps(await transcript(script, workersRuntime))).toBe(stamps(inProcess));
	}, 120_000);
});
